"""Notifications to customers outside their chat channel (e-mail when a waiting case is done)."""

from .mail import MailNotifier, SmtpTarget

__all__ = ["MailNotifier", "SmtpTarget"]
