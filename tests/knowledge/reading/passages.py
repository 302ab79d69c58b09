"""Four small passages (three FAQ entries and a guide's section) the settling and refusing tests read against."""

from __future__ import annotations

from warmline.domain import Citation, Passage

TITLES = ("Shipping to the Netherlands", "Shipping to Belgium", "Opening hours", "About our wool")
PASSAGES = tuple(Passage(id=f"p{i}", text=f"{title}: the answer.", question=None if i == len(TITLES) - 1 else title,
                         citation=Citation(source="faq.yaml", title=title)) for i, title in enumerate(TITLES))
