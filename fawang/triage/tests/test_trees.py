"""X5: the shipped trees load, every end node maps to a real service page, and the texts suit older readers."""

from __future__ import annotations

import pytest
from django.test import Client

from fawang.triage.engine import ServiceCode, Tree
from fawang.triage.selectors import GUIDE, SERVICE_LINKS, service_url, tree_current, tree_library

SHIPPED = [tree for versions in tree_library().values() for tree in versions.values()]


def test_the_service_guide_ships() -> None:
    tree = tree_current(tree_id=GUIDE)
    assert (tree.tree_id, tree.version, len(tree.nodes), len(tree.end_nodes())) == ("service_guide", 1, 12, 7)
    assert {node.service for node in tree.end_nodes()} == set(ServiceCode)


def test_every_service_code_has_a_link() -> None:
    assert set(SERVICE_LINKS) == set(ServiceCode)


@pytest.mark.django_db
@pytest.mark.parametrize("tree", SHIPPED, ids=lambda t: f"{t.tree_id}:v{t.version}")
def test_every_end_node_maps_to_a_real_service(tree: Tree) -> None:
    """X5: reverse each end node's page and GET it anonymously: the page itself, or sign-in for a service that
    needs it (the complaint form)."""
    client = Client()
    for node in tree.end_nodes():
        assert node.service is not None
        url = service_url(service=node.service)
        response = client.get(url)
        if node.service == ServiceCode.COMPLAINT:
            assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
        else:
            assert response.status_code == 200, (node.id, url)


@pytest.mark.parametrize("tree", SHIPPED, ids=lambda t: f"{t.tree_id}:v{t.version}")
def test_texts_are_short_and_have_an_english_version(tree: Tree) -> None:
    """适老化 (L9): one short sentence per question and option; English for the English interface (L8)."""
    long, missing = [], []
    for node in tree.nodes.values():
        texts = [(node.id, node.text, node.text_en, 20)]
        texts += [(f"{node.id}.{o.id}", o.text, o.text_en, 20) for o in node.options]
        if node.is_end:
            texts.append((f"{node.id}.why", node.why, node.why_en, 60))
        long += [where for where, text, _, limit in texts if len(text) > limit]
        missing += [where for where, _, english, _ in texts if not english]
    assert (long, missing) == ([], [])
