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
# The roles given from the web: administrators give these to members of any unit; a unit's
# manager gives and takes back the leader's role (the command line may give any role).
APPOINTABLE = (CITIZEN, LEADER, MANAGER)
_GIVEN_BY = {ADMIN: APPOINTABLE, MANAGER: (CITIZEN, LEADER)}
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


def sees_every_unit(actor: Actor) -> bool:
    """Administrators pick any unit and act across units; everyone else only in their own."""
    return actor.role == ADMIN


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


def can_read_rollup(actor: Actor, parent_id: int | None) -> bool:
    """The figures of a unit's member units: the parent unit's manager, or an administrator;
    those of every unit (`parent_id` None): an administrator only."""
    if sees_every_unit(actor):
        return True
    return actor.role == MANAGER and parent_id is not None and parent_id == actor.unit_id


def require_read_rollup(actor: Actor, parent_id: int | None) -> None:
    if not can_read_rollup(actor, parent_id):
        raise PermissionDenied("Bạn không có quyền xem số liệu tổng hợp này.")


def can_see_unit_evidence(actor: Actor, unit_id: int) -> bool:
    """The members' evidence files of a unit: its manager only (not its leaders, not
    administrators: the files are the members' own papers)."""
    return actor.role == MANAGER and actor.unit_id == unit_id


def require_unit_evidence(actor: Actor, unit_id: int) -> None:
    if not can_see_unit_evidence(actor, unit_id):
        raise PermissionDenied("Chỉ người quản lý của đơn vị xem được minh chứng của thành viên.")


def can_reset_password(actor: Actor, *, account_id: int, role: str) -> bool:
    """A unit's manager resets citizens' passwords; a manager's, leader's or administrator's
    password only an administrator resets (a manager could otherwise take over a colleague);
    nobody resets their own (it is changed on Đổi mật khẩu). The unit is checked apart
    (`can_manage_unit`)."""
    if account_id == actor.id:
        return False
    return actor.role == ADMIN or (actor.role == MANAGER and role == CITIZEN)


def appointable_roles(actor: Actor) -> tuple[str, ...]:
    """The roles the actor gives and takes back from the web (none for other roles)."""
    return _GIVEN_BY.get(actor.role, ())


def can_appoint(actor: Actor, *, old: str, new: str, account_id: int | None = None) -> bool:
    """Change a person's role from `old` to `new` (`account_id` None: a new account's): both
    among the roles the actor gives, never one's own. The unit is checked apart
    (`can_manage_unit`)."""
    given = appointable_roles(actor)
    return account_id != actor.id and old in given and new in given


def require_appoint(
    actor: Actor, *, unit_id: int, old: str, new: str, account_id: int | None = None
) -> None:
    require_manage_unit(actor, unit_id)
    if account_id == actor.id:
        raise PermissionDenied("Bạn không thể tự đổi vai trò của mình.")
    if not can_appoint(actor, account_id=account_id, old=old, new=new):
        raise PermissionDenied("Bạn không thể giao vai trò này.")


def can_appoint_parent_managers(actor: Actor) -> bool:
    """The managers of a parent unit (an association, whose manager reads the roll-up of its
    member units): listed and appointed by an administrator only."""
    return actor.role == ADMIN


def require_appoint_parent_managers(actor: Actor) -> None:
    if not can_appoint_parent_managers(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống giao người quản lý cho đơn vị cấp trên.")


def can_erase_account(actor: Actor, *, account_id: int, role: str) -> bool:
    """Erase another person's account on their request: never one's own, an administrator's
    only by an administrator. The unit is checked apart (`can_manage_unit`)."""
    if account_id == actor.id:
        return False
    return role != ADMIN or actor.role == ADMIN


def can_close_account(actor: Actor, *, account_id: int, role: str) -> bool:
    """Close the account holding a reported number (the number given back): never one's own,
    never an administrator's. The unit is checked apart (`can_manage_unit`)."""
    return account_id != actor.id and role != ADMIN


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
    if actor.id == owner_id or can_see_unit_evidence(actor, unit_id):
        return
    raise PermissionDenied("Bạn không có quyền xem minh chứng này.")
