"""The owner's section of the dashboard: the latest lines of the audit log, rendered on the server."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from warmline.domain import AuditEntry

__all__ = ["render_audit"]


def render_audit(entries: Sequence[AuditEntry]) -> str:
    """A table of who did what, when, to which conversation and through which door (newest first)."""
    rows = "".join(
        f"<tr><td>{escape(e.at.strftime('%Y-%m-%d %H:%M:%S'))} UTC</td><td>{escape(e.staff_id)}</td>"
        f"<td>{escape(e.action)}</td><td>{escape(e.conversation_id or '—')}</td><td>{escape(e.via)}</td>"
        f"<td>{escape(e.detail)}</td></tr>" for e in entries)
    body = (f'<table class="table"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Conversation</th>'
            f"<th>Via</th><th>Detail</th></tr></thead><tbody>{rows}</tbody></table>" if entries
            else '<p class="muted">Nothing yet.</p>')
    return (f'<section class="card" id="audit" aria-labelledby="audit-title"><h2 id="audit-title">Audit log</h2>'
            f'<p class="muted">Every staff action, newest first; all of it as JSON at '
            f'<code>/api/v1/staff/audit</code>.</p>{body}</section>')
