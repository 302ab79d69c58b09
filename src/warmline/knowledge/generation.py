"""Optional answer composition by a chat model (``WARMLINE_LLM``), from the retrieved passages only.

The model gets the customer's message and the top passages as delimited data, and must reply with a
JSON object naming the passages it used. The reply is then checked, and *declined* (so the caller
falls back to the extractive answer or an honest "I'm not sure") when it:

- is not exactly the agreed JSON, says the passages don't support an answer, or cites no passage
  or a passage it was not given;
- contains a link, an email address, a code (``SAVE100``) or a number that is not in the passages
  it cites — which is how an answer that obeyed an injected instruction, or made something up,
  shows itself;
- repeats the instructions it was given;
- speaks policy or process ("as per our terms", "we regret to inform you", "your ticket number"), which
  the instructions forbid: see ``tone.policy_speak``.

Citations come from the passages themselves, never from the model's text. Timeouts and errors of
the model are declines with a logged reason, never exceptions to the caller.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warmline.domain import Citation, ConfigError, Passage, Reply, Retrieval

from ._prompt import (
    MalformedReplyError,
    build_messages,
    fixed_instruction_texts,
    parse_reply,
    system_prompt,
)
from .tone import policy_speak

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

__all__ = ["AnswerGenerator", "GeneratedAnswer"]

logger = logging.getLogger(__name__)

_SPEC = re.compile(r"\A([A-Za-z][A-Za-z0-9_-]*):(\S.*)\Z")
_SPEC_FORM = "'provider:model', e.g. 'openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5' or 'ollama:llama3'"
_PROVIDER_PACKAGES = {"openai": "langchain-openai", "anthropic": "langchain-anthropic",
                      "ollama": "langchain-ollama"}


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedAnswer:
    """A composed answer with the citations of the passages it used, or a decline with its reason."""

    text: str
    citations: tuple[Citation, ...]
    declined: bool
    reason: str

    def to_reply(self) -> Reply:
        """The answer as a reply to send (only meaningful when not declined)."""
        return Reply(text=self.text, citations=self.citations)


def _declined(reason: str) -> GeneratedAnswer:
    return GeneratedAnswer(text="", citations=(), declined=True, reason=reason)


class AnswerGenerator:
    """Composes an answer from retrieved passages with a chat model; declines when they don't support one."""

    def __init__(self, model: BaseChatModel, *, shop_name: str, voice: str = "", max_passages: int = 4,
                 timeout_seconds: float = 30.0) -> None:
        if max_passages < 1:
            raise ValueError("max_passages must be at least 1")
        self._model = model
        self._max_passages = max_passages
        self._timeout_seconds = timeout_seconds
        self._system = system_prompt(shop_name=shop_name, voice=voice)
        self._shop_name = shop_name
        self._leak_shingles = _shingles(fixed_instruction_texts(shop_name=shop_name, voice=voice))

    @classmethod
    def from_spec(cls, spec: str, *, shop_name: str, voice: str = "", base_url: str | None = None,
                  timeout_seconds: float = 30.0) -> AnswerGenerator:
        """Build from a ``WARMLINE_LLM`` value such as ``openai:gpt-4o-mini``.

        API keys come from the provider's usual environment variables (``OPENAI_API_KEY``, …).
        Raises ``ConfigError`` naming ``WARMLINE_LLM`` when the value or the installation is wrong.
        """
        match = _SPEC.match(spec.strip())
        if not match:
            raise ConfigError(f"{spec!r} is not a model spec", field="WARMLINE_LLM",
                              fix=f"use the form {_SPEC_FORM}, or unset it for extractive answers")
        provider, model_name = match.group(1).lower(), match.group(2).strip()
        model = _init_chat_model(provider, model_name, base_url=base_url)
        return cls(model, shop_name=shop_name, voice=voice, timeout_seconds=timeout_seconds)

    async def compose(self, *, question: str, retrieval: Retrieval,
                      customer_name: str | None = None) -> GeneratedAnswer:
        """Ask the model for an answer from the top passages; decline unless the reply checks out."""
        passages = tuple(scored.passage for scored in retrieval.candidates[: self._max_passages])
        if not passages:
            return _declined("no_passages: retrieval found nothing to answer from")
        messages = build_messages(system=self._system, question=question, passages=passages,
                                  customer_name=customer_name)
        try:
            response = await asyncio.wait_for(self._model.ainvoke(messages), self._timeout_seconds)
        except TimeoutError:
            logger.warning("LLM answer declined: no reply within %.1f s", self._timeout_seconds)
            return _declined(f"timeout: no reply within {self._timeout_seconds:g} s")
        except Exception as exc:  # any provider error must fall back, never reach the customer
            logger.warning("LLM answer declined: the model failed (%s: %s)", type(exc).__name__, exc)
            return _declined(f"model_error: {type(exc).__name__}")
        result = self._check(response.text, passages, customer_name=customer_name)
        if result.declined:
            logger.info("LLM answer declined: %s", result.reason)
        return result

    def _check(self, raw: str, passages: Sequence[Passage], *, customer_name: str | None) -> GeneratedAnswer:
        """Turn the model's raw reply into an answer, or a decline saying what was wrong with it."""
        try:
            reply = parse_reply(raw)
        except MalformedReplyError as exc:
            return _declined(f"malformed: {exc}")
        if not reply.supported:
            return _declined("unsupported: the model found no answer in the passages")
        if not reply.answer:
            return _declined("empty: the model gave no answer text")
        if not reply.sources:
            return _declined("no_sources: the answer cites no passage")
        unknown = [n for n in reply.sources if not 1 <= n <= len(passages)]
        if unknown:
            return _declined(f"unknown_source: passage {unknown[0]} was not given")
        cited = [passages[n - 1] for n in dict.fromkeys(reply.sources)]
        # The shop's and the customer's names may appear in a greeting, whatever they look like.
        grounding = "\n".join([self._shop_name, customer_name or "", *(_passage_text(p) for p in cited)])
        wording = policy_speak(reply.answer)
        if wording:
            return _declined(f"policy_speak: {wording[0]!r} is policy or process language")
        if self._leaks_instructions(reply.answer, grounding):
            return _declined("prompt_leak: the answer repeats the instructions")
        ungrounded = ungrounded_details(reply.answer, grounding)
        if ungrounded:
            return _declined(f"ungrounded: {ungrounded[0]!r} is not in the cited passages")
        citations = tuple(dict.fromkeys(p.citation for p in cited))
        return GeneratedAnswer(text=reply.answer, citations=citations, declined=False, reason="")

    def _leaks_instructions(self, answer: str, grounding: str) -> bool:
        """True when the answer shares a run of words with our instructions that the passages don't."""
        return bool((_shingles([answer]) & self._leak_shingles) - _shingles([grounding]))


def _passage_text(passage: Passage) -> str:
    return "\n".join(filter(None, [passage.question, passage.text, passage.citation.url]))


_SHINGLE_WORDS = 6


def _shingles(texts: Iterable[str]) -> set[tuple[str, ...]]:
    """Every run of six consecutive words (lowercased), to spot text copied from one place to another."""
    runs: set[tuple[str, ...]] = set()
    for text in texts:
        words = re.findall(r"\w+", text.lower())
        runs.update(tuple(words[i : i + _SHINGLE_WORDS]) for i in range(len(words) - _SHINGLE_WORDS + 1))
    return runs


# The details an answer must not invent: links, email addresses, codes and numbers.
# Matches start only where a run of word characters starts (the lookbehinds), with lengths bounded as in
# real addresses: linear in the text, where retrying from every letter of a long word is quadratic.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_TLDS = (
    "com|net|org|io|co|ai|app|dev|shop|store|online|site|info|biz|me|ly|gl|link|xyz|top|click|"
    "eu|uk|us|de|fr|es|it|nl|se|no|dk|fi|pl|ch|at|be|ie|pt|cz|ru|cn|jp|in|br|ca|au|nz|tk|ml|ga|cf"
)
_URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'()\[\]{}]+"
    rf"|(?<![\w.-])(?:[a-z0-9-]{{1,63}}\.){{1,8}}(?:{_TLDS})\b(?:/[^\s<>\"'()\[\]{{}}]*)?",
    re.IGNORECASE,
)
_CODE = re.compile(r"\b(?=[A-Z0-9_-]*[A-Z])[A-Z0-9][A-Z0-9_-]{3,}\b")
_DIGITS = re.compile(r"\d+")


def _url_key(url: str) -> str:
    """A link as compared: no scheme, no ``www.``, no trailing slash or punctuation, lower case."""
    key = url.lower().rstrip(".,;:!?")
    key = re.sub(r"\A(?:https?|ftp)://", "", key)
    key = key.removeprefix("www.")
    return key.rstrip("/")


def _is_code(token: str) -> bool:
    """A token shaped like a discount or voucher code: capitals with digits, or a long capitals word."""
    return any(c.isdigit() for c in token) or len(token) >= 5


def ungrounded_details(answer: str, grounding: str) -> list[str]:
    """The links, email addresses, codes and numbers in ``answer`` that ``grounding`` does not contain."""
    grounding_lower = grounding.lower()
    missing: list[str] = []
    emails = _EMAIL.findall(answer)
    missing += [e for e in emails if e.lower() not in grounding_lower]
    answer_rest = _EMAIL.sub(" ", answer)
    grounding_rest = _EMAIL.sub(" ", grounding)
    known_urls = {_url_key(u) for u in _URL.findall(grounding_rest)}
    urls = _URL.findall(answer_rest)
    missing += [u for u in urls if _url_key(u) not in known_urls]
    answer_rest = _URL.sub(" ", answer_rest)
    grounding_rest = _URL.sub(" ", grounding_rest)
    known_words = set(re.findall(r"[\w-]+", grounding_lower))
    missing += [c for c in _CODE.findall(answer_rest) if _is_code(c) and c.lower() not in known_words]
    known_numbers = set(_DIGITS.findall(grounding_rest)) | set(_DIGITS.findall(grounding))
    missing += [n for n in _DIGITS.findall(answer_rest) if n not in known_numbers]
    return missing


def _init_chat_model(provider: str, model_name: str, *, base_url: str | None) -> BaseChatModel:
    """LangChain's ``init_chat_model``, with installation and credential problems as ``ConfigError``."""
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as exc:
        raise ConfigError("is set but LangChain is not installed", field="WARMLINE_LLM",
                          fix="pip install 'warmline[llm]' and the provider's package") from exc
    kwargs: dict[str, Any] = {"base_url": base_url} if base_url else {}
    package = _PROVIDER_PACKAGES.get(provider, f"langchain-{provider.replace('_', '-')}")
    try:
        return init_chat_model(model_name, model_provider=provider, **kwargs)
    except ImportError as exc:
        raise ConfigError(f"the package for provider {provider!r} is not installed", field="WARMLINE_LLM",
                          fix=f"pip install {package}") from exc
    except ValueError as exc:
        if "provider" in str(exc).lower():
            raise ConfigError(f"unknown model provider {provider!r}", field="WARMLINE_LLM",
                              fix=f"use the form {_SPEC_FORM}") from exc
        raise ConfigError(f"cannot create model {model_name!r}: {exc}", field="WARMLINE_LLM",
                          fix=f"use the form {_SPEC_FORM}") from exc
    except Exception as exc:  # e.g. the provider SDK refusing to start without an API key
        raise ConfigError(f"cannot create {provider} model {model_name!r}: {exc}", field="WARMLINE_LLM",
                          fix="set the provider's API key in its usual environment variable "
                              "(e.g. OPENAI_API_KEY, ANTHROPIC_API_KEY)") from exc
