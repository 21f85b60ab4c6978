from django.http import HttpRequest


def site_context(request: HttpRequest) -> dict[str, object]:
    return {"platform_name": "法网 · 公共法律服务平台", "hotline_number": "12348"}
