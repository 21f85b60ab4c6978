"""`fawang hotline_test_call --seat S01 [--caller 138…] [--answer-after 5] [--talk 60] [--url URL]`

Plays the call centre for one call, through the signed webhook: queued and ringing at the seat now, answered after
a few seconds, optionally ended and rated. For trying the agent console by hand without a CTI system."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.core import clock
from fawang.hotline.models import HotlineCentre
from fawang.hotline.signing import headers_for
from fawang.hotline.simulation import _client_sender, _http_sender


class Command(BaseCommand):
    help = "模拟话务平台推送一通来电（排队、振铃、接通，可选挂机与评价），用于无 CTI 时试用坐席工作台。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seat", required=True)
        parser.add_argument("--caller", default="13800138000")
        parser.add_argument("--centre", help="中心编码（默认第一个）")
        parser.add_argument("--answer-after", type=float, default=5.0)
        parser.add_argument("--talk", type=float, default=0.0, help="通话秒数后挂机（0 表示不挂机）")
        parser.add_argument("--rating", choices=["1", "2", "3"], help="挂机后的评价按键")
        parser.add_argument("--url", help="服务器地址；不填则在本进程内调用")

    def handle(self, *args: Any, **options: Any) -> None:
        secret: str = settings.HOTLINE_WEBHOOK_SECRET
        if not secret:
            raise CommandError("未设置 HOTLINE_WEBHOOK_SECRET。")
        centre = (
            HotlineCentre.objects.filter(code=options["centre"]).first()
            if options["centre"]
            else HotlineCentre.objects.order_by("pk").first()
        )
        if centre is None:
            raise CommandError("没有热线中心：请先运行 fawang hotline_setup。")
        send = _http_sender(options["url"]) if options["url"] else _client_sender()
        call_id = f"TEST-{uuid.uuid4().hex[:12]}"

        def post(kind: str, **data: Any) -> None:
            event = {
                "event_id": f"{call_id}-{kind}",
                "type": kind,
                "call_id": call_id,
                "centre": centre.code,
                "occurred_at": clock.now().isoformat(),
                "data": data,
            }
            body = json.dumps(event, ensure_ascii=False).encode()
            status, answer = send(
                "POST", "/api/v1/hotline/events", body, headers_for(secret=secret, body=body, now=time.time())
            )
            self.stdout.write(f"{kind}: HTTP {status} {answer}")

        post("queued", caller=options["caller"])
        post("ringing", seat=options["seat"], caller=options["caller"])
        time.sleep(max(0.0, options["answer_after"]))
        post("answered", seat=options["seat"])
        if options["talk"]:
            time.sleep(options["talk"])
            post("ended", by="caller")
            if options["rating"]:
                post("rating", key=options["rating"])
        self.stdout.write(f"通话编号 {call_id}（{timedelta(seconds=options['talk'])}）")
