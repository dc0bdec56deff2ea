"""A structlog processor that masks secrets (and, by default, personal data) in event dicts.

Put it last before the renderer::

    structlog.configure(processors=[..., hush.structlog.redact_processor, JSONRenderer()])

Every string value is masked, inside dicts, lists and tuples too. An ``exc_info`` still in
the event dict is formatted first and kept, masked, as ``exception`` (what structlog's
``format_exc_info`` does), since a traceback object cannot be masked.
"""

from __future__ import annotations

import logging as _logging
import sys
from typing import Any, Callable, MutableMapping

from . import _redactor, _rule_list
from .logging import _mask_value

__all__ = ["RedactProcessor", "redact_processor"]


class RedactProcessor:
    """A structlog processor with :func:`hush.redact`'s options."""

    def __init__(self, *, pii: bool = True, mask: str = "full", only: Any = None, exclude: Any = None):
        self._redact: Callable[[Any], Any] = _redactor(
            pii, mask, _rule_list(only), _rule_list(exclude)
        ).redact

    def __call__(
        self, logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        exc_info = event_dict.pop("exc_info", None)
        if exc_info:
            if exc_info is True or not isinstance(exc_info, (tuple, BaseException)):
                exc_info = sys.exc_info()
            elif isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
            if exc_info and exc_info[0] is not None:
                event_dict["exception"] = _logging.Formatter().formatException(exc_info)
        for key, value in event_dict.items():
            event_dict[key] = _mask_value(self._redact, value)
        return event_dict


redact_processor = RedactProcessor()
"""The processor with default options (secrets and personal data, full masks)."""
