"""Roles, the person acting, and who may do what. Pure: the data layer calls these checks."""

from dataclasses import dataclass

CITIZEN = "citizen"
MANAGER = "manager"
LEADER = "leader"
ADMIN = "admin"
ROLES = (CITIZEN, MANAGER, LEADER, ADMIN)
# The people a unit counts as its members (administrators run the system, not the unit).
MEMBER_ROLES = (CITIZEN, MANAGER, LEADER)
# The role left on an account whose personal data was erased at its owner's request.
ERASED = "erased"
ROLE_LABELS = {
    CITIZEN: "Công dân",
    MANAGER: "Quản lý đơn vị",
    LEADER: "Lãnh đạo đơn vị",
    ADMIN: "Quản trị hệ thống",
}


class PermissionDenied(PermissionError):
    """The acting person may not do this; the message is Vietnamese."""


@dataclass(frozen=True)
class Actor:
    """Who is logged in: plain values, safe to keep in the UI session."""

    id: int
    role: str
    unit_id: int
    full_name: str
    cccd_masked: str
    must_change_password: bool = False


def can_read_unit(actor: Actor, unit_id: int) -> bool:
    """Dashboard figures: a unit's manager or leader, or an administrator."""
    if actor.role == ADMIN:
        return True
    return actor.role in (MANAGER, LEADER) and actor.unit_id == unit_id


def can_manage_unit(actor: Actor, unit_id: int) -> bool:
    """Name lists with personal data and exports: a unit's manager, or an administrator."""
    if actor.role == ADMIN:
        return True
    return actor.role == MANAGER and actor.unit_id == unit_id


def require_read_unit(actor: Actor, unit_id: int) -> None:
    if not can_read_unit(actor, unit_id):
        raise PermissionDenied("Bạn không có quyền xem số liệu của đơn vị này.")


def require_manage_unit(actor: Actor, unit_id: int) -> None:
    if not can_manage_unit(actor, unit_id):
        raise PermissionDenied("Bạn không có quyền quản lý danh sách của đơn vị này.")


def require_admin(actor: Actor) -> None:
    if actor.role != ADMIN:
        raise PermissionDenied("Chỉ quản trị hệ thống mới làm được việc này.")


def form_owner(actor: Actor, subject: Actor | None) -> Actor:
    """Whose form it is: the actor's own, or a member's that the actor manages."""
    person = subject or actor
    if person.id != actor.id:
        require_manage_unit(actor, person.unit_id)
    return person


def require_evidence_access(actor: Actor, *, owner_id: int, unit_id: int) -> None:
    """Evidence files: their owner and the manager of the owner's unit, nobody else."""
    if actor.id == owner_id or (actor.role == MANAGER and actor.unit_id == unit_id):
        return
    raise PermissionDenied("Bạn không có quyền xem minh chứng này.")
