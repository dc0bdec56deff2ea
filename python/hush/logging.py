"""Redacting log records: :class:`RedactingFilter` for the standard library's ``logging``.

The filter masks, in place and before any formatter sees the record: the message merged with
its ``args`` (a dict message, as structlog's stdlib bridge and python-json-logger use, keeps
being a dict with its string values masked), ``extra`` fields (strings, and strings inside
dicts, lists and tuples), the exception text and the stack text. An exception is formatted
once, masked, and kept as ``exc_text`` while ``exc_info`` is cleared: a traceback object
cannot be masked, and formatters such as python-json-logger format ``exc_info`` again
themselves. So the record is safe with any formatter.

Attach it to handlers (``handler.addFilter(RedactingFilter())``); a filter on a *logger*
only sees records logged on that very logger, not those of its children. :func:`install`
covers every logger and handler at once, when ``HUSH_REDACT=1`` is set.
"""

from __future__ import annotations

import logging as _logging
import os
from typing import Any, Callable, Optional

from . import Redactor, _redactor, _rule_list

__all__ = ["RedactingFilter", "install", "uninstall"]

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(
    _logging.LogRecord("n", _logging.INFO, "p", 1, "m", None, None).__dict__
) | {"message", "asctime", "taskName"}


def _mask_value(redact: Callable[[Any], Any], value: Any, depth: int = 0) -> Any:
    """Strings masked; containers rebuilt with masked strings; anything else unchanged."""
    if isinstance(value, (str, bytes)):
        return redact(value)
    if depth > 16:
        return value
    if isinstance(value, dict):
        return {k: _mask_value(redact, v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_value(redact, v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(_mask_value(redact, v, depth + 1) for v in value)
    return value


class RedactingFilter(_logging.Filter):
    """A ``logging.Filter`` that masks secrets (and, by default, personal data) in every record
    it sees. It never drops a record. Options are :func:`hush.redact`'s, or pass a ready
    :class:`hush.Redactor`."""

    def __init__(
        self,
        name: str = "",
        *,
        pii: bool = True,
        mask: str = "full",
        only: Any = None,
        exclude: Any = None,
        redactor: Optional[Redactor] = None,
    ) -> None:
        super().__init__(name)
        self.redactor = redactor or _redactor(pii, mask, _rule_list(only), _rule_list(exclude))
        self._redact = self.redactor.redact

    def filter(self, record: _logging.LogRecord) -> bool:
        redact_record(self._redact, record)
        return True


def redact_record(redact: Callable[[Any], Any], record: _logging.LogRecord) -> None:
    """Masks ``record`` in place (see the module docs for what is masked)."""
    msg = record.msg
    if isinstance(msg, dict) and not record.args:
        record.msg = _mask_value(redact, msg)
    elif isinstance(msg, str) and not record.args:
        record.msg = redact(msg)
    else:
        try:
            text = record.getMessage()
        except Exception:  # bad args: logging would fail later and print them; mask them now
            text = f"{msg!s} {record.args!r}"
        record.msg = redact(text)
        record.args = None
    if record.exc_info:
        if not record.exc_text:
            record.exc_text = _logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    fields = record.__dict__
    for key in [k for k in fields if k not in _STANDARD]:
        value = fields[key]
        if isinstance(value, (str, bytes, dict, list, tuple)):
            fields[key] = _mask_value(redact, value)


_installed: Optional[Callable[..., _logging.LogRecord]] = None
_TRUE = {"1", "true", "yes", "on"}


def install(*, force: bool = False, **options: Any) -> bool:
    """When ``HUSH_REDACT=1`` (or ``force=True``), masks every log record of every logger as it
    is created (through ``logging.setLogRecordFactory``), so handlers added later are covered
    too. ``options`` are :class:`RedactingFilter`'s. Returns whether redaction is on;
    calling it again changes nothing."""
    global _installed
    if not force and os.environ.get("HUSH_REDACT", "").strip().lower() not in _TRUE:
        return _installed is not None
    if _installed is not None:
        return True
    redact = RedactingFilter(**options)._redact
    previous = _logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> _logging.LogRecord:
        record = previous(*args, **kwargs)
        redact_record(redact, record)
        return record

    factory.__wrapped__ = previous  # type: ignore[attr-defined]
    _logging.setLogRecordFactory(factory)
    _installed = factory
    return True


def uninstall() -> None:
    """Undoes :func:`install` (for tests and long-lived processes that reconfigure logging)."""
    global _installed
    if _installed is not None and _logging.getLogRecordFactory() is _installed:
        _logging.setLogRecordFactory(_installed.__wrapped__)  # type: ignore[attr-defined]
    _installed = None
