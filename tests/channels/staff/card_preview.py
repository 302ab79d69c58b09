"""The sample handoff cards shown in docs/slack-card-preview.html, and the script that refreshes it.

The preview page renders Block Kit JSON produced by ``card_blocks`` (the same function that renders the
cards Slack receives); ``test_slack.py`` checks the JSON in the page is still what ``card_blocks`` makes.
To refresh the page and its screenshots after changing the card (needs Chromium)::

    cd tests && ../.venv/bin/python -m channels.staff.card_preview
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from warmline.channels.staff._slack_blocks import HandoffCard, RosterOption, TranscriptLine, card_blocks

DOCS = Path(__file__).resolve().parents[3] / "docs"
PREVIEW = DOCS / "slack-card-preview.html"
SCREENSHOTS = {"queued": DOCS / "img" / "slack-card.png", "resolved": DOCS / "img" / "slack-card-resolved.png"}
USERS = {"U0MAYA": "Maya Lindqvist", "U0LEO": "Leo Park"}
_DATA = re.compile(r'(<script type="application/json" id="warmline-cards">)(.*?)(</script>)', re.DOTALL)

SAMPLE = HandoffCard(
    conversation_id="c_7f3a9e1b",
    state="queued",
    customer_name="Ana Costa",
    channel="instagram",
    customer_facts=(("Customer since", "2019-03-14"), ("Orders", "14"), ("Value", "€1,240"), ("Tier", "gold"),
                    ("Payments", "23 on time, 0 late"), ("Email", "ana.costa@example.com")),
    reasons=("asked for a person: “can I please talk to someone”",
             "frustration: “third time I'm writing about this”",
             "long-standing customer (since 2019, 14 orders) with an unusual problem: personal help",
             "Maya Lindqvist is on shift and knows damaged_item"),
    summary=("Latest: “can I please talk to someone, it's the third time I'm writing about this”",
             "Before that: “my order #4521 arrived and the big serving bowl is cracked”"),
    transcript=(
        TranscriptLine(author="customer", name="Ana Costa", channel="instagram",
                       text="Hi! my order #4521 arrived and the big serving bowl is cracked"),
        TranscriptLine(author="bot", name="Mossa Studio assistant",
                       text="I'm sorry, Ana. Could you send a photo of the damage? Then we can send a replacement."),
        TranscriptLine(author="customer", name="Ana Costa", channel="instagram",
                       text="can I please talk to someone, it's the third time I'm writing about this"),
    ),
    identifiers=("#4521", "ana.costa@example.com"),
    orders=("#4521: delivered · ordered 3 Mar 2026 · shipped 4 Mar 2026 · delivered 6 Mar 2026 · PostNL 3SABC4521 "
            "https://jouw.postnl.nl/track-and-trace/3SABC4521 · Big serving bowl (Sand) · EUR 89.00 · this "
            "conversation's order, verified by ana.costa@example.com",
            "#4388: delivered · ordered 12 Jan 2026 · delivered 15 Jan 2026 · Moss mug (Moss) · EUR 56.00"),
    knowledge=("returns.md › Damaged items: we send a replacement or refund within 2 business days; "
               "no need to return the broken item",),
    suggested_reply=("Hi Ana, thanks for waiting. I have order #4521 in front of me. We send a replacement "
                     "or refund within 2 business days, and there's no need to return the broken bowl."),
    promise="Promised to the customer: Maya Lindqvist replies within 15 min, by 14:32 UTC",
    assignee_slack_id="U0MAYA",
    assignee_name="Maya Lindqvist",
    roster=(RosterOption(staff_id="maya", name="Maya Lindqvist"), RosterOption(staff_id="leo", name="Leo Park")),
)

THREAD = (
    {"author": "Maya Lindqvist", "user": "U0MAYA",
     "text": "Hi Ana, I'm so sorry about the bowl. A new one leaves today by express, and you can keep the "
             "broken one. It will be with you on Thursday."},
    {"author": "Warmline", "bot": True,
     "text": "*Ana Costa (instagram):* Oh wow, thank you Maya!! Thursday is perfect"},
)


def preview_data() -> dict[str, Any]:
    """What the preview page renders: the cards' Block Kit JSON, the thread below the first, the names."""
    resolved = HandoffCard(**{**{f: getattr(SAMPLE, f) for f in SAMPLE.__dataclass_fields__}, "state": "resolved",
                              "promise": SAMPLE.promise and SAMPLE.promise + " (kept)"})
    return {"users": USERS, "cards": [{"id": "queued", "blocks": card_blocks(SAMPLE), "thread": list(THREAD)},
                                      {"id": "resolved", "blocks": card_blocks(resolved), "thread": []}]}


def embedded_data(html: str) -> dict[str, Any]:
    """The JSON embedded in the preview page."""
    match = _DATA.search(html)
    if match is None:
        raise ValueError(f"{PREVIEW}: no <script id='warmline-cards'> block")
    return dict(json.loads(match.group(2)))


def refresh(page: Path = PREVIEW) -> None:
    """Write the current cards into the page, then screenshot each card with headless Chromium."""
    data = json.dumps(preview_data(), ensure_ascii=False, indent=1).replace("</", "<\\/")
    html = page.read_text(encoding="utf-8")
    page.write_text(_DATA.sub(lambda m: m.group(1) + "\n" + data + "\n" + m.group(3), html), encoding="utf-8")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        view = browser.new_page(viewport={"width": 760, "height": 900}, device_scale_factor=2)
        view.goto(page.resolve().as_uri())
        for card_id, target in SCREENSHOTS.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            view.locator(f"#card-{card_id}").screenshot(path=str(target))
        browser.close()


if __name__ == "__main__":
    refresh()
