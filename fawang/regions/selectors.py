from django.db.models import QuerySet

from fawang.core.errors import NotFoundError
from fawang.regions.models import Region


def region_get(*, code: str) -> Region:
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist as exc:
        raise NotFoundError(f"未找到区划代码 {code}。") from exc


def region_subtree(*, region: Region) -> QuerySet[Region]:
    return Region.objects.filter(code__startswith=region.prefix)


def region_ancestors(*, region: Region) -> list[Region]:
    """From the root down to the region itself."""
    chain: list[Region] = []
    node: Region | None = region
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def region_path_name(*, region: Region) -> str:
    return "".join(r.name for r in region_ancestors(region=region))
