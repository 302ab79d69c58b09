"""The files of a knowledge folder, read: ``_document`` (what a file becomes), ``_faq`` (FAQ YAML and CSV)
and ``_markdown`` (Markdown sections). ``knowledge._sources`` walks the folder with them."""

from ._document import Document, Key, KeyKind, key_id, read_text, slug
from ._faq import FAQ_FIELDS, faq_csv, faq_yaml
from ._markdown import MAX_SECTION_CHARS, markdown

__all__ = ["FAQ_FIELDS", "MAX_SECTION_CHARS", "Document", "Key", "KeyKind", "faq_csv", "faq_yaml", "key_id",
           "markdown", "read_text", "slug"]
