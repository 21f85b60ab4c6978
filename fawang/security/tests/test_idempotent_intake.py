"""Idempotent intake on every intake endpoint (N1, N2): a repeated key returns the first 工单, and a refused or
repeated request stores nothing more. Concurrent duplicates run on PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import resolve

from fawang.accounts.models import User
from fawang.cases.models import Case, CaseEvent
from fawang.people.models import Person


@dataclass(frozen=True)
class IntakeEndpoint:
    name: str
    persona: str

    def post(self, client: Client, key: str, title: str) -> str:
        """Submit once; return the acknowledged reference."""
        if self.name == "cases_create":
            response = client.post(
                "/api/v1/cases/",
                {
                    "service_type": "consultation",
                    "channel": "hotline",
                    "title": title,
                    "region_code": "990101001000",
                },
                content_type="application/json",
                headers={"Idempotency-Key": key},
            )
            assert response.status_code == 201, response.content
            return str(response.json()["reference"])
        response = client.post(
            "/work/intake/",
            {
                "service_type": "consultation",
                "channel": "window",
                "title": title,
                "name": "王五",
                "phone": "13912345678",
                "idempotency_key": key,
            },
        )
        assert response.status_code == 302, response.content
        # The acknowledgement (the window receipt) names the reference (N1): /work/intake/<reference>/receipt/
        match = resolve(response["Location"])
        assert match.view_name == "workbench:receipt"
        return str(match.kwargs["reference"])


# Every intake endpoint that exists. Add a row when an app adds one (portal, hotline, partner webhooks).
INTAKE_ENDPOINTS = [
    IntakeEndpoint("cases_create", "hotline_operator"),
    IntakeEndpoint("workbench:intake", "window_clerk"),
]


@pytest.mark.parametrize("endpoint", INTAKE_ENDPOINTS, ids=lambda e: e.name)
def test_repeat_returns_first(endpoint: IntakeEndpoint, personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas[endpoint.persona])
    first = endpoint.post(client, "key-1", "第一次提交")
    again = endpoint.post(client, "key-1", "重复提交")
    other = endpoint.post(client, "key-2", "另一件事")
    assert first == again != other
    assert Case.objects.count() == 2
    assert CaseEvent.objects.filter(action="create").count() == 2
    assert Case.objects.get(reference=first).title == "第一次提交"


@pytest.mark.usefixtures("flushable_db")
@pytest.mark.parametrize("endpoint", INTAKE_ENDPOINTS, ids=lambda e: e.name)
def test_concurrent_duplicates_make_one_case(endpoint: IntakeEndpoint, personas: dict[str, User]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    user = personas[endpoint.persona]
    results: list[object] = []
    barrier = threading.Barrier(4)

    def submit() -> None:
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            results.append(endpoint.post(client, "same-key", "同时提交"))
        except AssertionError as exc:
            results.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(r, str) for r in results), results
    assert len(set(results)) == 1
    assert Case.objects.count() == 1
    assert (
        Person.objects.count() <= 4
    )  # people are registered before the case (no ID number: one per request)
