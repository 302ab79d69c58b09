"""compute_signals: the four signals the policy weighs, in one pure call."""

from __future__ import annotations

from datetime import UTC, datetime

from scenarios._builders import load_bot
from warmline.domain import Customer, SignalKind
from warmline.signals import compute_signals


def test_all_four_signals_are_present() -> None:
    signals = compute_signals(text="let me talk to a human, my mug arrived broken!!", history=(),
                              customer=Customer(id="c"), bot=load_bot(), now=datetime(2026, 11, 18, tzinfo=UTC))
    kinds = {signal.kind for signal in signals.items}
    assert kinds == set(SignalKind)
    assert signals.score(SignalKind.WANTS_HUMAN) >= 0.5
    assert signals.get(SignalKind.COMPLEXITY).label == "damaged_item"  # type: ignore[union-attr]
    assert all(0.0 <= signal.score <= 1.0 for signal in signals.items)
