"""The portal's share of the demo data: places and users."""

import os

from django.contrib.auth.models import Group, User
from django.db import transaction

from portal.models import Community, Settlement
from portal.roles import ROLES

# Published on purpose: demo accounts exist only while DEBUG is on.
DEFAULT_DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105

# (slug, name, name in English, kind, population, settlements)
DEMO_COMMUNITIES = [
    (
        "chuhuiv",
        "Чугуївська міська громада",
        "Chuhuiv urban community",
        Community.Kind.URBAN,
        41000,
        [
            ("Чугуїв", "Chuhuiv", Settlement.Kind.CITY),
            ("Кочеток", "Kochetok", Settlement.Kind.TOWN),
            ("Кам'яна Яруга", "Kamiana Yaruha", Settlement.Kind.VILLAGE),
        ],
    ),
    (
        "malynivka",
        "Малинівська селищна громада",
        "Malynivka settlement community",
        Community.Kind.SETTLEMENT,
        14000,
        [
            ("Малинівка", "Malynivka", Settlement.Kind.TOWN),
            ("Мосьпанове", "Mospanove", Settlement.Kind.VILLAGE),
        ],
    ),
    (
        "novopokrovka",
        "Новопокровська селищна громада",
        "Novopokrovka settlement community",
        Community.Kind.SETTLEMENT,
        9000,
        [
            ("Новопокровка", "Novopokrovka", Settlement.Kind.TOWN),
            ("Ескхар", "Eskhar", Settlement.Kind.TOWN),
        ],
    ),
    (
        "chkalovske",
        "Чкаловська селищна громада",
        "Chkalovske settlement community",
        Community.Kind.SETTLEMENT,
        11000,
        [
            ("Чкаловське", "Chkalovske", Settlement.Kind.TOWN),
        ],
    ),
]

# username -> (role key, first name, last name); "admin" is the superuser.
DEMO_USERS = {
    "resident": ("resident", "Оксана", "Мельник"),
    "operator": ("operator", "Андрій", "Коваль"),
    "monitor": ("monitor", "Ірина", "Бондаренко"),
    "press": ("press", "Ольга", "Шевчук"),
    "analyst": ("analyst", "Роман", "Ткаченко"),
    "deputy": ("deputy", "Василь", "Кравченко"),
    "coordinator": ("coordinator", "Юрій", "Олійник"),
}


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


@transaction.atomic
def seed_communities(communities=DEMO_COMMUNITIES) -> None:
    for slug, name, name_en, kind, population, settlements in communities:
        community, _ = Community.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "population": population,
            },
        )
        for s_name, s_name_en, s_kind in settlements:
            Settlement.objects.update_or_create(
                community=community,
                name=s_name,
                defaults={"name_en": s_name_en, "kind": s_kind},
            )


@transaction.atomic
def seed_users(password: str) -> None:
    groups = {group.name: group for group in Group.objects.all()}
    roles = {role.key: role for role in ROLES}
    for username, (role_key, first_name, last_name) in DEMO_USERS.items():
        role = roles[role_key]
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                "is_staff": role.staff,
                "is_superuser": False,
                "is_active": True,
            },
        )
        user.groups.set([groups[role.group]])
        _set_password(user, password)
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "email": "admin@example.org",
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    _set_password(admin, password)


def _set_password(user: User, password: str) -> None:
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])


def seed_demo(stdout) -> None:
    seed_communities()
    stdout.write(f"Communities: {Community.objects.count()}")
