"""The `Error:` line in the user's language (issue 12 item 7).

Lower stages raise MailauditError with an English message and hint (what
tests and docs/errors.md check, and what a scan's summary keeps); the CLI
renders them here by the `err-` templates of messages.yaml, as translate()
does for other English notes: the specific template first, the text
unchanged when none fits. An input not read (sources/paths.py) takes the
`skip-why-` templates.
"""

from __future__ import annotations

from .i18n import t, template_key, translate


def error_text(message: str, hint: str | None, lang: str) -> str:
    """An error's message and hint (MailauditError: English, as lower stages
    write them) in `lang`, by the `err-` templates: "message (hint)"."""
    text = translate(message, lang, "err-")
    path, _, reason = message.partition(": ")
    if text == message and template_key(reason, "skip-why-"):  # an input not read (sources/paths.py)
        text = t("path-note", lang, path=path, text=translate(reason, lang, "skip-why-"))
    if not hint:
        return text
    return t("error-hint", lang, message=text, hint=translate(hint, lang, "err-"))


def error_line(line: str, lang: str) -> str:
    """A whole English error line ("message (hint)", as a scan's summary keeps
    it) in `lang`: split where both the message and its hint fit a template."""
    if lang == "en":
        return line
    if line.endswith(")"):
        at = line.find(" (")
        while at != -1:
            message, hint = line[:at], line[at + 2:-1]
            if template_key(message, "err-") and template_key(hint, "err-"):
                return error_text(message, hint, lang)
            at = line.find(" (", at + 1)
    return translate(line, lang, "err-")


__all__ = ["error_line", "error_text"]
