"""The staff-accounts part of the SQL store: logins with roles, browser sessions and the audit log."""

from ._interface import AccountStore
from ._models import AuditRow, StaffAccountRow, StaffSessionRow
from ._repository import AccountRepository

__all__ = ["AccountRepository", "AccountStore", "AuditRow", "StaffAccountRow", "StaffSessionRow"]
