"""Load a bot file (``bots/<name>.yaml``) into a frozen :class:`~warmline.domain.Bot`.

The file is read with a strict YAML loader (no duplicate keys, no YAML-1.1 base-60 surprises such as
``10:00`` turning into the number 600), checked against pydantic models that forbid unknown keys, then
checked as a whole (unique ids, skills that someone on the roster has, a knowledge folder that exists).
Everything wrong is reported at once in one :class:`BotFileError` that names the file, the field path
(``staff[1].shifts[0].start``), the line, and the fix. The format is documented in docs/bot-file.md.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import time
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError as PydanticValidationError

from warmline.config._botfile_schema import BotSpec, ShiftSpec, model_at
from warmline.config._botfile_yaml import BotFileError, BotFileProblem, line_of, read_yaml
from warmline.domain import (
    Bot,
    BusinessHours,
    CaseType,
    CommentRules,
    KeywordRule,
    OrderRules,
    Phrasebook,
    Shift,
    StaffMember,
    Thresholds,
    Voice,
)

__all__ = ["BotFileError", "BotFileProblem", "load_bot", "parse_bot"]

logger = logging.getLogger(__name__)

_DOCS = "see docs/bot-file.md"


# ------------------------------------------------------------------------------- pydantic → problems


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for item in loc:
        path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else str(item))
    return path or "(top level)"


def _type_fix(kind: str, example: Any) -> tuple[str, str] | None:
    """Message and fix for pydantic's own type errors."""
    sample = f" like {example!r}" if example is not None else ""
    table = {
        "string_type": ("expected text", "write text here (in quotes if it looks like a number or yes/no)"),
        "int_type": ("expected a whole number", f"write a whole number{sample or ' like 30'}"),
        "int_parsing": ("expected a whole number", f"write a whole number{sample or ' like 30'}"),
        "int_from_float": ("expected a whole number", f"write a whole number{sample or ' like 30'}"),
        "float_type": ("expected a number", f"write a number{sample or ' like 0.7'}"),
        "float_parsing": ("expected a number", f"write a number{sample or ' like 0.7'}"),
        "string_too_short": ("this is empty", "fill it in, or leave the key out if it is optional"),
        "too_short": ("this list is empty", "add at least one item"),
        "bool_type": ("expected true or false", "write true or false"),
        "bool_parsing": ("expected true or false", "write true or false"),
        "list_type": ("expected a list", "write a list: [a, b] or one '- item' per line"),
        "tuple_type": ("expected a list", "write a list: [a, b] or one '- item' per line"),
        "model_type": ("expected a mapping of 'key: value' lines", "indent 'key: value' lines under it"),
        "model_attributes_type": ("expected a mapping of 'key: value' lines",
                                  "indent 'key: value' lines under it"),
        "dict_type": ("expected a mapping of 'key: value' lines", "indent 'key: value' lines under it"),
    }
    return table.get(kind)


_LIMITS = {"greater_than": (">", "gt"), "greater_than_equal": (">=", "ge"), "less_than": ("<", "lt"),
           "less_than_equal": ("<=", "le")}


def _problem(err: Mapping[str, Any], node: yaml.Node | None) -> tuple[int, BotFileProblem]:
    """One pydantic error as a problem, with its rank (typos first, then bad values, then gaps)."""
    loc: tuple[int | str, ...] = tuple(err["loc"])
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    kind: str = err["type"]
    key = loc[-1] if loc else ""
    parent = model_at(BotSpec, loc[:-1])
    info = parent.model_fields.get(str(key)) if parent else None
    example = info.examples[0] if info and info.examples else None
    if kind == "extra_forbidden":
        allowed = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        fix = f"did you mean '{close[0]}'?" if close else f"remove it; allowed here: {', '.join(allowed)}"
        return 0, BotFileProblem(field=_field_path(loc), message=f"unknown field '{key}'", fix=fix,
                                 line=line_of(node, loc))
    if kind == "missing":
        sample = f"{key}: {example}" if example is not None else f"{key}: …"
        return 2, BotFileProblem(field=_field_path(loc), message=f"'{key}' is missing",
                                 fix=f"add {sample} ({_DOCS})", line=line_of(node, loc[:-1]))
    if "fix" in ctx:  # our own validators (see _botfile_schema) carry their fix in the context
        sub = ctx.get("subfield")
        field_loc = (*loc, sub) if sub else loc
        return 1, BotFileProblem(field=_field_path(field_loc), message=err["msg"], fix=str(ctx["fix"]),
                                 line=line_of(node, field_loc))
    if kind == "literal_error":  # a language code or sentence key we don't know
        loc = tuple(item for item in loc if item != "[key]")
        allowed = [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(err.get("input")), allowed, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return 1, BotFileProblem(field=_field_path(loc), message=f"{err.get('input')!r} is not one of these",
                                 fix=f"{hint}use one of: {', '.join(allowed)}", line=line_of(node, loc))
    known = _type_fix(kind, example)
    if known:
        message, fix = known
    elif kind in _LIMITS:
        op, limit_key = _LIMITS[kind]
        message = f"{err.get('input')!r} is too {'small' if op.startswith('>') else 'large'}"
        fix = f"use a number {op} {ctx.get(limit_key)}" + (f", like {example}" if example is not None else "")
    else:
        message, fix = err["msg"], _DOCS
    return 1, BotFileProblem(field=_field_path(loc), message=message, fix=fix, line=line_of(node, loc))


def _problems_from(exc: PydanticValidationError, node: yaml.Node | None) -> list[BotFileProblem]:
    ranked = [_problem(err, node) for err in exc.errors(include_url=False)]
    typo_fixes = {(p.field.rsplit(".", 1)[0] if p.field and "." in p.field else "", p.fix)
                  for rank, p in ranked if rank == 0}
    kept = []
    for rank, problem in ranked:
        # A misspelt key also makes the real one "missing": the typo message already says it all.
        parent = problem.field.rsplit(".", 1)[0] if problem.field and "." in problem.field else ""
        name = (problem.field or "").rsplit(".", 1)[-1]
        if rank == 2 and (parent, f"did you mean '{name}'?") in typo_fixes:
            continue
        kept.append((rank, problem))
    return [p for _, p in sorted(kept, key=lambda rp: rp[0])]


# ------------------------------------------------------------------------------------ whole-file checks


def _roster_problems(spec: BotSpec) -> list[BotFileProblem]:
    problems: list[BotFileProblem] = []
    seen_ids: dict[str, int] = {}
    seen_slack: dict[str, int] = {}
    for i, member in enumerate(spec.staff):
        if member.id in seen_ids:
            problems.append(BotFileProblem(
                field=f"staff[{i}].id",
                message=f"the id '{member.id}' is already used by staff[{seen_ids[member.id]}]",
                fix="give each person their own id, e.g. their first name in lowercase"))
        seen_ids.setdefault(member.id, i)
        if member.slack_user_id and member.slack_user_id in seen_slack:
            problems.append(BotFileProblem(
                field=f"staff[{i}].slack_user_id",
                message=f"the Slack user id '{member.slack_user_id}' is already used by "
                        f"staff[{seen_slack[member.slack_user_id]}]",
                fix="copy each person's own member id from their Slack profile"))
        if member.slack_user_id:
            seen_slack.setdefault(member.slack_user_id, i)
    seen_cases: dict[str, int] = {}
    skills = sorted({skill for member in spec.staff for skill in member.skills})
    for i, case in enumerate(spec.case_types):
        if case.name in seen_cases:
            problems.append(BotFileProblem(
                field=f"case_types[{i}].name",
                message=f"the case type '{case.name}' is already in case_types[{seen_cases[case.name]}]",
                fix="merge the two entries or rename one"))
        seen_cases.setdefault(case.name, i)
        if not spec.staff:
            continue  # no roster at all: nothing to route to, so nothing to cross-check
        for j, skill in enumerate(case.skills):
            if skill not in skills:
                close = difflib.get_close_matches(skill, skills, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                problems.append(BotFileProblem(
                    field=f"case_types[{i}].skills[{j}]",
                    message=f"nobody on the staff roster has the skill '{skill}'",
                    fix=f"{hint}add '{skill}' to the skills of whoever handles these cases "
                        f"(skills on the roster: {', '.join(skills)})"))
    names = [case.name for case in spec.case_types]
    if spec.orders.case_type is not None and spec.orders.case_type not in names:
        close = difflib.get_close_matches(spec.orders.case_type, names, n=1)
        problems.append(BotFileProblem(
            field="orders.case_type", message=f"there is no case type '{spec.orders.case_type}'",
            fix=(f"did you mean '{close[0]}'? " if close else "")
                + f"name one of the case_types ({', '.join(names) or 'none defined'}), or leave it out"))
    if spec.staff and not any(member.lead for member in spec.staff):
        logger.warning("bot %r: nobody on the roster has 'lead: true'; handoffs no one else fits "
                       "have no natural owner", spec.name)
    return problems


def _resolve_knowledge(spec: BotSpec, source_file: Path) -> tuple[Path | None, BotFileProblem | None]:
    """The knowledge folder: relative to the bot file's folder first, then to the folder above it."""
    raw = Path(spec.knowledge or f"knowledge/{spec.name}").expanduser()
    base = source_file.absolute().parent
    candidates = [raw] if raw.is_absolute() else [base / raw, base.parent / raw]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve(), None
    tried = " and ".join(str(c) for c in candidates)
    return None, BotFileProblem(
        field="knowledge", message=f"the knowledge folder '{raw}' does not exist (looked in {tried})",
        fix="create the folder, or set 'knowledge:' to a folder relative to the bot file's folder "
            "or the folder above it")


# ------------------------------------------------------------------------------------------ domain


def _shift(spec: ShiftSpec) -> Shift:
    # The domain reads an end at or before the start as "the next day", so '24:00' is 00:00.
    end = time(0, 0) if spec.end == time.max else spec.end
    return Shift(days=spec.days, start=spec.start, end=end)


def _to_domain(spec: BotSpec, *, knowledge_dir: Path, source_file: Path | None) -> Bot:
    hours = BusinessHours(timezone=spec.business_hours.timezone,
                          shifts=tuple(_shift(s) for s in spec.business_hours.shifts))
    staff = tuple(
        StaffMember(
            id=m.id, name=m.name, role=m.role, skills=tuple(m.skills), lead=m.lead,
            # Without shifts of their own a person keeps business hours (Bot.on_shift), so their
            # time zone defaults to the shop's too.
            timezone=m.timezone or hours.timezone, shifts=tuple(_shift(s) for s in m.shifts),
            capacity=m.capacity, slack_user_id=m.slack_user_id, email=m.email)
        for m in spec.staff)
    cases = tuple(
        CaseType(name=c.name, description=c.description, what_happens=c.what_happens,
                 handling_minutes=c.handling_minutes, skills=tuple(c.skills), examples=tuple(c.examples),
                 needs=tuple(c.needs), what_happens_in=tuple(sorted(c.translations.items())))
        for c in spec.case_types)
    voice = Voice(**spec.voice.model_dump(exclude_unset=True, exclude={"lines"}),
                  lines=tuple((key, tuple(variants)) for key, variants in spec.voice.lines.items()))
    thresholds = Thresholds(**spec.thresholds.model_dump(exclude_unset=True))
    phrasebook = Phrasebook(
        sentences=tuple((lang, key, text) for lang, table in spec.translations.items() for key, text in table.items()),
        words=tuple((lang, word.lower(), english) for lang, table in spec.glossary.items()
                    for word, english in table.items()))
    comments = CommentRules(public_reply=spec.comments.public_reply, keywords=tuple(
        KeywordRule(keyword=k.keyword, reply=k.reply, posts=tuple(k.posts), limit_per_person=k.limit_per_person)
        for k in spec.comments.keywords), ignore_words=tuple(spec.comments.ignore_words),
        ignore_links=spec.comments.ignore_links)
    return Bot(name=spec.name, display_name=spec.display_name or spec.name, knowledge_dir=knowledge_dir,
               source_file=source_file, voice=voice, staff=staff, business_hours=hours, case_types=cases,
               thresholds=thresholds, comments=comments, orders=OrderRules(**spec.orders.model_dump()),
               languages=tuple(dict.fromkeys(spec.languages)), phrasebook=phrasebook)


def parse_bot(data: Any, *, source_file: Path, node: yaml.Node | None = None) -> Bot:
    """Validate already-parsed bot data (as read from ``source_file``) and build the Bot.

    ``source_file`` names the file in errors and anchors the relative ``knowledge:`` folder.
    """
    if not isinstance(data, Mapping):
        raise BotFileError(source_file, [BotFileProblem(
            field="(top level)", message="the bot file must be a mapping of 'key: value' lines",
            fix=f"start with 'name: your-shop' and 'knowledge: knowledge/your-shop' ({_DOCS})",
            line=1)])
    try:
        spec = BotSpec.model_validate(dict(data))
    except PydanticValidationError as exc:
        raise BotFileError(source_file, _problems_from(exc, node)) from None
    problems = _roster_problems(spec)
    knowledge_dir, missing = _resolve_knowledge(spec, source_file)
    if missing:
        problems.append(missing)
    if problems or knowledge_dir is None:
        raise BotFileError(source_file, [
            replace(p, line=line_of(node, _loc_of(p.field))) if p.field and p.line is None else p
            for p in problems])
    return _to_domain(spec, knowledge_dir=knowledge_dir, source_file=source_file.absolute())


def _loc_of(field: str) -> tuple[int | str, ...]:
    """``staff[1].id`` → ``("staff", 1, "id")``."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field))


def load_bot(path: Path | str) -> Bot:
    """Read, validate and build the bot described by the YAML file at ``path``.

    Raises :class:`BotFileError` (a :class:`~warmline.domain.ConfigError`) naming the file, the field
    and the fix, for a missing or unreadable file, broken YAML, or any invalid setting.
    """
    source_file = Path(path).expanduser()  # errors name the file as the user wrote it
    data, node = read_yaml(source_file)
    bot = parse_bot(data, source_file=source_file, node=node)
    logger.info("loaded bot %r from %s: %d staff, %d case types, knowledge in %s", bot.name, bot.source_file,
                len(bot.staff), len(bot.case_types), bot.knowledge_dir)
    return bot
