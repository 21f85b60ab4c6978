from django.db.models import QuerySet

from fawang.accounts.models import User
from fawang.notifications.models import Notification


def notification_list_unread(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by("-created_at")
