"""The pydantic schema of a bot file (docs/bot-file.md), strict about unknown keys.

Our own validators (``_botfile_fields``) raise ``PydanticCustomError`` with a ``fix`` (and optionally a
``subfield``) in the error context, so :mod:`warmline.config.botfile` can tell the user exactly what to write
instead.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import time
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from warmline.domain import LANGUAGES, LINE_KEYS, SENTENCE_KEYS, Thresholds

from ._botfile_fields import ClockTime, Days, Email, Greeting, Slug, TimeZone, check_line, check_pattern

__all__ = ["BotSpec", "CaseTypeSpec", "HoursSpec", "OrdersSpec", "ShiftSpec", "StaffSpec", "ThresholdsSpec",
           "VoiceSpec", "model_at"]

class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class ShiftSpec(_Spec):
    """Hours on some weekdays: ``{days: mon-fri, start: "09:00", end: "17:30"}``."""

    days: Days = Field(examples=["mon-fri"])
    start: ClockTime = Field(examples=["'09:00'"])
    end: ClockTime = Field(examples=["'17:30'"])
    overnight: bool = Field(default=False, examples=["true"])

    @model_validator(mode="after")
    def _end_fits_start(self) -> ShiftSpec:
        # An end before the start is far more often a typo ('06:00' for '18:00') than a night shift,
        # so a shift past midnight has to say so.
        ends_next_day = self.end <= self.start
        if ends_next_day and not self.overnight:
            raise _shift_error(self, "the shift ends at {end}, before it starts at {start}",
                               "use 24-hour time (e.g. '18:00', not '06:00'); for a shift that runs past "
                               "midnight add 'overnight: true'")
        if self.overnight and not ends_next_day:
            raise _shift_error(self, "'overnight: true', but the shift ends at {end}, after {start}",
                               "remove 'overnight: true', or give the time the night shift really ends")
        return self


def _shift_error(shift: ShiftSpec, message: str, fix: str) -> PydanticCustomError:
    return PydanticCustomError("shift_order", message, {
        "end": "24:00" if shift.end == time.max else shift.end.strftime("%H:%M"),
        "start": shift.start.strftime("%H:%M"), "subfield": "end", "fix": fix})


class HoursSpec(_Spec):
    """When the shop answers, in its own time zone."""

    timezone: TimeZone = Field(default="UTC", examples=["Europe/Amsterdam"])
    shifts: list[ShiftSpec] = Field(default_factory=list,
                                    examples=["[{days: mon-fri, start: '09:00', end: '18:00'}]"])


LineKey = Literal[LINE_KEYS]  # type: ignore[valid-type]
LineText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400),
                     AfterValidator(check_line)]


class VoiceSpec(_Spec):
    """How the shop sounds; every key optional."""

    greeting: Greeting = Field(default="", examples=["'Hi{name}! How can we help?'"])
    sign_off: Greeting = Field(default="", examples=["'Thanks for writing to us!'"])
    persona: str = Field(default="", examples=["'Warm and plain-spoken.'"])
    email_signature: str = Field(default="", max_length=1000,
                                 examples=["'Maya & the Mossa team\\nmossa.example · +31 20 123 4567'"])
    # Variants of the bot's delay, handoff, waiting and closing sentences, per situation (LINE_KEYS).
    lines: dict[LineKey, Annotated[list[LineText], Field(min_length=1)]] = Field(
        default_factory=dict, examples=["{ack_present: ['Oh no{comma_name}, and it was a present!']}"])


class StaffSpec(_Spec):
    """One named person on the roster."""

    id: Slug = Field(examples=["maya"])
    name: str = Field(min_length=1, examples=["Maya Lindqvist"])
    role: str = Field(default="", examples=["Customer care lead"])
    lead: bool = Field(default=False, examples=["true"])
    skills: list[Slug] = Field(default_factory=list, examples=["[returns, damaged_item]"])
    timezone: TimeZone | None = Field(default=None, examples=["Europe/Amsterdam"])
    shifts: list[ShiftSpec] = Field(default_factory=list,
                                    examples=["[{days: mon-fri, start: '09:00', end: '17:00'}]"])
    capacity: int = Field(default=5, ge=1, le=200, examples=[6])
    slack_user_id: str | None = Field(default=None, min_length=1, examples=["U0MAYA"])
    email: Email | None = Field(default=None, examples=["maya@example.com"])


class CaseTypeSpec(_Spec):
    """A kind of case that needs a person or a back-office step."""

    name: Slug = Field(examples=["damaged_item"])
    description: str = Field(min_length=1, examples=["'Something arrived broken or torn'"])
    what_happens: str = Field(min_length=1, examples=["'we check the photos and send a replacement'"])
    handling_minutes: int = Field(ge=1, le=60 * 24 * 30, examples=[30])
    skills: list[Slug] = Field(default_factory=list, examples=["[damaged_item]"])
    examples: list[str] = Field(default_factory=list, examples=["['my mug arrived broken']"])
    needs: list[str] = Field(default_factory=list, examples=["[order number, photo]"])
    translations: dict[Language, str] = Field(
        default_factory=dict, examples=["{nl: 'we bekijken de foto's en sturen een nieuwe'}"],
        description="what_happens in the shop's other languages, said when a case is delayed")


class OrdersSpec(_Spec):
    """How the shop's order numbers look and how long returns stay open."""

    number_pattern: Annotated[str, AfterValidator(check_pattern)] = Field(
        default=r"#?(?:[A-Z]{1,4}-?)?\d{4,8}", min_length=1, examples=["'MS-\\d{4,6}'"])
    number_example: str = Field(default="", examples=["MS-1042"])
    return_window_days: int = Field(default=30, ge=0, le=365, examples=[30])
    shipping_days: int = Field(default=3, ge=1, le=60, examples=[3])
    case_type: str | None = Field(default=None, min_length=1, examples=["missing_parcel"])


def _threshold_field(annotation: str, default: Any) -> tuple[Any, Any]:
    if annotation.startswith("int"):
        return int, Field(default=default, ge=1, le=24 * 60, examples=[default])
    score = Annotated[float, Field(ge=0.0, le=1.0)]
    kind = score | None if "None" in annotation else score
    return kind, Field(default=default, examples=[default if default is not None else 0.7])


# Built from the domain's own Thresholds so that a knob added there is accepted here at once;
# model_dump(exclude_unset=True) then leaves every knob not in the file at the domain's default.
_THRESHOLD_FIELDS: dict[str, Any] = {
    f.name: _threshold_field(str(f.type), f.default) for f in dataclasses.fields(Thresholds)}
if TYPE_CHECKING:
    ThresholdsSpec = _Spec
else:
    ThresholdsSpec = create_model("ThresholdsSpec", __base__=_Spec, **_THRESHOLD_FIELDS)
ThresholdsSpec.__doc__ = "Policy knobs; any left out keep the default of warmline.domain.Thresholds."


class KeywordRuleSpec(_Spec):
    """"Comment SIZE and we'll DM you the size guide" (``posts`` left out: every post)."""

    keyword: str = Field(min_length=1, max_length=50, examples=["SIZE"])
    reply: str = Field(min_length=1, max_length=1000, examples=["'Here is our size guide: …'"])
    posts: list[str] = Field(default_factory=list, examples=["['17900000000000001']"])
    limit_per_person: int = Field(default=1, ge=1, le=100, examples=["1"])


class CommentsSpec(_Spec):
    """Comments under the shop's Instagram and Facebook posts."""

    public_reply: str = Field(default="", max_length=300, examples=["'Sent you a DM 💌'"])
    keywords: list[KeywordRuleSpec] = Field(default_factory=list)
    ignore_words: list[str] = Field(default_factory=list, examples=["['crypto', 'followers']"])
    ignore_links: bool = Field(default=False, examples=["true"])


Language = Literal[LANGUAGES]  # type: ignore[valid-type]
SentenceKey = Literal[SENTENCE_KEYS]  # type: ignore[valid-type]


class BotSpec(_Spec):
    """The whole bot file."""

    name: Slug = Field(examples=["demo-shop"])
    display_name: str | None = Field(default=None, examples=["'Mossa Studio'"])
    knowledge: str | None = Field(default=None, min_length=1, examples=["knowledge/demo-shop"])
    voice: VoiceSpec = Field(default_factory=VoiceSpec)
    business_hours: HoursSpec = Field(default_factory=HoursSpec)
    staff: list[StaffSpec] = Field(default_factory=list)
    case_types: list[CaseTypeSpec] = Field(default_factory=list)
    thresholds: ThresholdsSpec = Field(default_factory=ThresholdsSpec)
    orders: OrdersSpec = Field(default_factory=OrdersSpec)
    languages: list[Language] = Field(default_factory=lambda: ["en"], min_length=1,
                                      examples=["[en, nl, de, es, fr]"])
    translations: dict[Language, dict[SentenceKey, str]] = Field(
        default_factory=dict, examples=["{nl: {greeting: 'Hoi{name}! Waarmee kan ik helpen?'}}"])
    glossary: dict[Language, dict[str, str]] = Field(default_factory=dict, examples=["{nl: {trui: sweater}}"])
    comments: CommentsSpec = Field(default_factory=CommentsSpec)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[X]``, ``X | None`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


def model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (e.g. ``("staff", 1)`` → StaffSpec)."""
    model: type[BaseModel] | None = root
    for item in loc:
        if isinstance(item, int) or model is None:
            continue  # list indices keep the item model found for the list field
        info = model.model_fields.get(item)
        model = _inner_model(info.annotation) if info else None
    return model
