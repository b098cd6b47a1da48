"""Prompt files of the `llm` engine, versioned by file name (`translate-v1.md`), and how a
request's options fill them in.

A new wording is a new file with a new version: the version is part of every memory key the
`llm` engine writes, so a changed prompt never reuses translations made under another one.
`localize translate prompt` shows a prompt as the engine would send it.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from ...errors import ConfigError

PROMPT_VERSION = "v1"
_FORMALITY = {
    "prefer_more": "- Address the reader formally (Sie, vous, usted ...) where the language makes the distinction.\n",
    "prefer_less": "- Address the reader informally (du, tu, tú ...) where the language makes the distinction.\n",
}


def prompt_versions() -> list[str]:
    """The prompt versions shipped in the package (`translate-v1.md` -> `v1`)."""
    folder = resources.files(__name__)
    return sorted(p.name[len("translate-"):-3] for p in folder.iterdir()
                  if p.name.startswith("translate-") and p.name.endswith(".md"))


def prompt_file(version: str = PROMPT_VERSION) -> Any:
    """The file of a prompt version (a `Traversable`)."""
    path = resources.files(__name__) / f"translate-{version}.md"
    if not path.is_file():
        raise ConfigError(f"translation.llm.prompt: no prompt version '{version}'",
                          hint="shipped versions: " + ", ".join(prompt_versions()))
    return path


def load_prompt(version: str = PROMPT_VERSION) -> str:
    """The prompt template of `version`, as shipped."""
    return prompt_file(version).read_text(encoding="utf-8")


def render_prompt(template: str, *, source: str, target: str, count: int, html: bool, formality: str | None = None,
                  glossary: dict[str, str] | None = None, do_not_translate: tuple[str, ...] = (),
                  context: str | None = None) -> str:
    """The system prompt of one request: the template with the request's options filled in."""
    lines = ""
    if glossary:
        lines += "- Translate these terms as given (glossary):\n" + "".join(
            f"  {term} => {translation}\n" for term, translation in sorted(glossary.items()))
    if do_not_translate:
        lines += "- Never translate these names: " + ", ".join(do_not_translate) + "\n"
    return template.format(
        source=source, target=target, count=count,
        markup="HTML fragments" if html else "plain text, XML-escaped",
        formality=_FORMALITY.get(formality or "", ""),
        glossary=lines,
        context=f"\nProduct context (do not translate it): {context}\n" if context else "",
    )


def response_format(count: int) -> dict[str, Any]:
    """The strict JSON schema of an answer: exactly `count` strings."""
    return {"type": "json_schema", "json_schema": {"name": "translations", "strict": True, "schema": {
        "type": "object", "additionalProperties": False, "required": ["translations"],
        "properties": {"translations": {"type": "array", "items": {"type": "string"},
                                        "minItems": count, "maxItems": count}}}}}
