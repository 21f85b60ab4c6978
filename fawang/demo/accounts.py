"""One demo account per role, bound to the demo county (printed by `make run`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from fawang.accounts.models import User
from fawang.accounts.roles import Role
from fawang.accounts.services import role_grant, system_actor
from fawang.demo.network import DemoNetwork
from fawang.directory.models import Practitioner, PractitionerKind
from fawang.people.selectors import person_queryset_by_id_number
from fawang.regions.models import Region


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    where: str


def _user(username: str, display_name: str, *, staff: bool = False, login: bool = True) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
    if created:
        # Only the printed demo logins get a password (hashing is deliberately slow); the others are set by admins.
        if login:
            user.set_password(settings.FAWANG_DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.is_staff = staff
        user.is_superuser = staff
        user.save()
    return user


def _practitioner_user(username: str, practitioner: Practitioner, role: Role, *, login: bool) -> User:
    user = _user(username, practitioner.name, login=login)
    if practitioner.user_id is None:
        practitioner.user = user
        practitioner.save(update_fields=["user"])
    role_grant(actor=system_actor(), user=user, role=role, institution=practitioner.institution)
    return user


def accounts_build(*, net: DemoNetwork) -> list[DemoAccount]:
    actor = system_actor()
    town_x, town_y = net.townships[0], net.townships[1]
    station_x = net.stations[town_x.pk]
    province = Region.objects.get(code=net.county.code[:2].ljust(12, "0"))
    staff: list[tuple[str, str, Role, dict[str, object], str]] = [
        ("hotline", "热线坐席·周敏", Role.HOTLINE_OPERATOR, {"region": net.county}, net.hotline.name),
        ("clerk", "中心窗口·陈静", Role.WINDOW_CLERK, {"site": net.centre}, net.centre.name),
        ("clerk_town", "工作站窗口·刘洋", Role.WINDOW_CLERK, {"site": station_x}, station_x.name),
        ("clerk_other", "工作站窗口·赵军", Role.WINDOW_CLERK, {"site": net.stations[town_y.pk]}, town_y.name),
        ("reviewer", "援助审查·黄芳", Role.AID_REVIEWER, {"region": net.county}, "垫江县法律援助中心"),
        ("supervisor", "县司法局督办·孙涛", Role.SUPERVISOR, {"region": net.county}, net.county.name),
        ("inspector", "质检·何霞", Role.QUALITY_INSPECTOR, {"region": net.county}, net.hotline.name),
        ("admin", "系统管理员", Role.ADMIN, {"region": net.county}, net.county.name),
        # A province-level supervisor keeps the province's 事项清单 (G3; fawang.catalogue).
        ("prov_supervisor", "市司法局督办·吴静", Role.SUPERVISOR, {"region": province}, province.name),
    ]
    accounts = []
    for username, display, role, where, label in staff:
        user = _user(username, display, staff=role is Role.ADMIN)
        role_grant(actor=actor, user=user, role=role, **where)  # type: ignore[arg-type]  # region/site kwargs
        accounts.append(DemoAccount(username, role, label))
    practitioner_accounts = [
        ("lawyer", PractitionerKind.LAWYER, Role.AID_LAWYER),
        ("mediator", PractitionerKind.MEDIATOR, Role.MEDIATOR),
        ("notary", PractitionerKind.NOTARY, Role.NOTARY),
        ("appraiser", PractitionerKind.APPRAISER, Role.APPRAISER),
        ("adviser", PractitionerKind.GRASSROOTS_WORKER, Role.VILLAGE_ADVISER),
    ]
    for username, kind, role in practitioner_accounts:
        for i, practitioner in enumerate(net.practitioners[kind]):
            # Every practitioner works in the platform; the first of each kind is the printed demo login.
            _practitioner_user(
                username if i == 0 else practitioner.licence_number.lower(), practitioner, role, login=i == 0
            )
        accounts.append(DemoAccount(username, role, net.practitioners[kind][0].institution.name))
    for practitioner in net.practitioners[PractitionerKind.LEGAL_AID_STAFF]:
        _practitioner_user(practitioner.licence_number.lower(), practitioner, Role.AID_LAWYER, login=False)
    citizen = _user("citizen", "张三")
    if not citizen.phone:  # a registered number, so the demo citizen can book a 12348 callback (X2)
        citizen.phone = "13800138000"
        citizen.save()
    role_grant(actor=actor, user=citizen, role=Role.CITIZEN)
    # ID numbers are encrypted at rest (M3): find them through the people selector's blind index.
    person_queryset_by_id_number(id_number="500231199001011237").filter(
        user__isnull=True, name="张三"
    ).update(user=citizen)
    accounts.append(DemoAccount("citizen", Role.CITIZEN, "垫江县群众"))
    return accounts
