"""Held-out questions: several fold draws pooled, and progress counted across all of them."""

from __future__ import annotations

import numpy as np

from warmline.knowledge.crossval import HeldOut, within


def test_pooling_a_draw_keeps_every_question_with_its_candidates() -> None:
    first, second = HeldOut(truths=[1], cand_ids=[np.array([1, 2])]), HeldOut(truths=[-1], cand_ids=[np.array([3])])

    first.extend(second)

    assert first.truths == [1, -1]
    assert [c.tolist() for c in first.cand_ids] == [[1, 2], [3]]


def test_progress_of_one_draw_counts_as_part_of_all_draws() -> None:
    seen: list[tuple[int, int]] = []
    report = within(lambda done, total: seen.append((done, total)), draw=1, draws=3)

    assert report is not None
    report(2, 5)

    assert seen == [(7, 15)]
    assert within(None, draw=0, draws=3) is None
