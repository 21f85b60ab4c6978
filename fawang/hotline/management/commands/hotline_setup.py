"""`fawang hotline_setup [--seats N] [--code CODE]`: make every 12348 site a hotline centre with seats S01…"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fawang.accounts.services import system_actor
from fawang.directory.models import Site, SiteKind
from fawang.hotline.services.seats import centre_ensure


class Command(BaseCommand):
    help = "为“12348热线中心”站点建立热线中心（CTI 编码）和坐席 S01…（可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seats", type=int, default=6)
        parser.add_argument("--code", default="", help="只有一个热线站点时可指定其 CTI 编码")

    def handle(self, *args: Any, **options: Any) -> None:
        sites = list(Site.objects.filter(kind=SiteKind.HOTLINE).order_by("pk"))
        for site in sites:
            code = options["code"] if len(sites) == 1 else ""
            centre = centre_ensure(actor=system_actor(), site=site, code=code, seats=options["seats"])
            self.stdout.write(f"{centre.site.name}: 中心编码 {centre.code}, 坐席 {centre.seats.count()} 个")
        if not sites:
            self.stdout.write("没有“12348热线中心”类型的站点。")
