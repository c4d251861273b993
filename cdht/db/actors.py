"""Turning an account row into the plain Actor the rest of the app passes around."""

from cdht import cccd as cccd_rules
from cdht.db.models import Account
from cdht.roles import Actor


def actor_for(account: Account) -> Actor:
    return Actor(
        id=account.id,
        role=account.role,
        unit_id=account.unit_id,
        full_name=account.full_name,
        cccd_masked=cccd_rules.mask(account.cccd),
        must_change_password=account.must_change_password,
    )
