"""Reading knowledge folders: each format, citations, chunking, and the errors for malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from warmline.domain import KnowledgeError
from warmline.knowledge._sources import MAX_SECTION_CHARS, KeyKind, load_folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_faq_yaml_entry_becomes_one_passage_with_question_and_phrasing_keys(tmp_path: Path) -> None:
    write(tmp_path, "faq.yaml", """
entries:
  - question: How much is shipping?
    answer: Free over 50 EUR.
    phrasings: [delivery cost, do you charge for shipping]
    tags: [shipping]
    case_type: shipping_question
    url: https://shop.example/shipping
""")
    [doc] = load_folder(tmp_path)
    assert doc.passage.text == "Free over 50 EUR."
    assert doc.passage.citation.source == "faq.yaml"
    assert doc.passage.citation.title == "How much is shipping?"
    assert doc.passage.citation.url == "https://shop.example/shipping"
    assert doc.passage.tags == ("shipping",)
    assert doc.passage.case_type == "shipping_question"
    assert [k.text for k in doc.keys] == ["How much is shipping?", "delivery cost",
                                          "do you charge for shipping", "Free over 50 EUR."]
    # the answer is searched, but never held out as a customer's question at ingest
    assert [k.question_like for k in doc.keys] == [True, True, True, False]
    assert doc.keys[-1].kind == KeyKind.ANSWER


def test_an_faq_answer_may_carry_the_shops_translations(tmp_path: Path) -> None:
    write(tmp_path, "faq.yaml", """
entries:
  - question: How much is shipping?
    answer: Free over 50 EUR.
    translations: {nl: "Gratis boven  50 EUR.", de: Kostenlos ab 50 EUR.}
""")
    [doc] = load_folder(tmp_path)
    before = doc.content_hash
    assert doc.passage.translations == (("de", "Kostenlos ab 50 EUR."), ("nl", "Gratis boven 50 EUR."))
    assert doc.passage.text_in("nl") == "Gratis boven 50 EUR."
    assert doc.passage.text_in("fr") is None

    write(tmp_path, "faq.yaml", """
entries:
  - question: How much is shipping?
    answer: Free over 50 EUR.
    translations: {nl: Gratis vanaf 50 EUR., de: Kostenlos ab 50 EUR.}
""")
    [changed] = load_folder(tmp_path)
    assert changed.content_hash != before  # a changed translation is re-indexed


def test_csv_faq_splits_phrasings_and_tags_on_pipes(tmp_path: Path) -> None:
    write(tmp_path, "faq.csv", 'question,answer,phrasings,tags,url\n'
                               'Do you gift wrap?,"Yes, for 3 EUR.",gift wrapping|wrap as a present,gifts|extras,'
                               'https://x.example/gift\n')
    [doc] = load_folder(tmp_path)
    assert doc.passage.text == "Yes, for 3 EUR."
    assert [k.text for k in doc.keys] == ["Do you gift wrap?", "gift wrapping", "wrap as a present", "Yes, for 3 EUR."]
    assert doc.passage.tags == ("gifts", "extras")
    assert doc.passage.citation.url == "https://x.example/gift"


def test_customer_export_csv_is_not_knowledge(tmp_path: Path) -> None:
    write(tmp_path, "customers.csv", "id,name,email\n1,Ann,ann@example.com\n")
    write(tmp_path, "customers-2024.csv", "id,name\n2,Bob\n")
    assert load_folder(tmp_path) == []


def test_markdown_sections_by_heading_with_front_matter_url(tmp_path: Path) -> None:
    write(tmp_path, "guides/care.md", """---
url: https://shop.example/care
---
# Caring for linen

Wash at 40 degrees.

Dry flat.

## Storage

Keep it dry.

### Moths

Use cedar blocks.
""")
    docs = load_folder(tmp_path)
    assert [d.passage.citation.title for d in docs] == ["Caring for linen", "Storage", "Moths"]
    assert {d.passage.citation.source for d in docs} == {"guides/care.md"}
    assert {d.passage.citation.url for d in docs} == {"https://shop.example/care"}
    first = docs[0]
    assert first.passage.text == "Wash at 40 degrees.\n\nDry flat."
    assert [k.kind for k in first.keys] == [KeyKind.PARAGRAPH, KeyKind.PARAGRAPH]
    assert [k.text for k in first.keys] == ["Caring for linen: Wash at 40 degrees.", "Caring for linen: Dry flat."]
    assert [k.answer for k in first.keys] == ["Wash at 40 degrees.", "Dry flat."]
    assert not any(k.question_like for k in first.keys)


def test_a_paragraph_that_says_several_things_is_searched_sentence_by_sentence_too(tmp_path: Path) -> None:
    write(tmp_path, "about.md", """# Sustainability

Our merino is mulesing-free. The kiln runs on solar power. Leftover yarn becomes beanies.

Parcels are plastic-free. Boxes are reused.

| Size | Chest |
|---|---|
| S | 96 cm |
""")
    (doc,) = load_folder(tmp_path)
    sentences = [k for k in doc.keys if k.kind == KeyKind.SENTENCE]
    assert [k.text for k in sentences] == ["Sustainability: Our merino is mulesing-free.",
                                           "Sustainability: The kiln runs on solar power.",
                                           "Sustainability: Leftover yarn becomes beanies."]
    # the answer is still the paragraph: the answer is cut to what is asked when it is composed
    assert {k.answer for k in sentences} == {doc.passage.text.split("\n\n")[0]}
    assert not any(k.question_like for k in sentences)  # never a simulated customer question at ingest


def test_long_markdown_section_is_split_on_paragraphs_and_keeps_its_heading(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {i} " + "word " * 60 for i in range(8)]
    write(tmp_path, "long.md", "# Delivery\n\n" + "\n\n".join(paragraphs) + "\n")
    docs = load_folder(tmp_path)
    assert len(docs) > 1
    assert all(d.passage.citation.title == "Delivery" for d in docs)
    assert all(len(d.passage.text) <= MAX_SECTION_CHARS + 400 for d in docs)
    assert len({d.passage.id for d in docs}) == len(docs)
    assert "\n\n".join(d.passage.text for d in docs) == "\n\n".join(p.strip() for p in paragraphs)


def test_learned_subfolder_is_ordinary_knowledge(tmp_path: Path) -> None:
    write(tmp_path, "learned/2026-01.yaml", "entries:\n  - {question: 'Can I pick up?', answer: Yes in Leipzig.}\n")
    [doc] = load_folder(tmp_path)
    assert doc.passage.citation.source == "learned/2026-01.yaml"


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("faq.yaml", "entries:\n  - question: Hi?\n", "entry 1: missing 'answer'"),
    ("faq.yaml", "entries:\n  - {question: 'Hi', answer: Yo, phrasing: [x]}\n", "unknown field 'phrasing'"),
    ("faq.yaml", "entries:\n  - {question: 'Hi', answer: Yo, phrasings: {a: 1}}\n", "'phrasings' must be a list"),
    ("faq.yaml", "questions: []\n", "list under `entries:`"),
    ("faq.yaml", "entries:\n  - question: [unclosed\n", "invalid YAML at line"),
    ("faq.yaml", "entries:\n  - just a string\n", "entry 1: expected a mapping"),
    ("faq.csv", "q,a\nHi?,Yo\n", "header lacks question, answer"),
    ("faq.csv", "question,answer\nHi?,\n", "line 2: missing 'answer'"),
    ("faq.csv", "question,answer\nHi?,Yo,extra\n", "line 2: 3 columns"),
    ("page.md", "---\n- a list\n---\n# T\n\nx\n", "front matter must be a mapping"),
    ("faq.yaml", "entries:\n  - {question: 'Hi', answer: Yo, translations: [nl]}\n",
     "'translations' must map two-letter language codes"),
    ("faq.yaml", "entries:\n  - {question: 'Hi', answer: Yo, translations: {dutch: Hoi}}\n",
     "'translations' must map two-letter language codes"),
])
def test_malformed_file_names_file_entry_and_fix(tmp_path: Path, name: str, text: str, expected: str) -> None:
    write(tmp_path, name, text)
    with pytest.raises(KnowledgeError) as info:
        load_folder(tmp_path)
    assert info.value.file == name
    assert expected in str(info.value)


def test_missing_folder_is_a_knowledge_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_folder(tmp_path / "nope")


def test_non_utf8_file_is_a_knowledge_error(tmp_path: Path) -> None:
    (tmp_path / "faq.csv").write_bytes("question,answer\nCaf\xe9?,Oui\n".encode("latin-1"))
    with pytest.raises(KnowledgeError, match="not UTF-8"):
        load_folder(tmp_path)
