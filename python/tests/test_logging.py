"""hush.logging.RedactingFilter and install(), hush.structlog: each formatter, exceptions,
extra fields; the planted token never reaches the output."""

from __future__ import annotations

import io
import json
import logging

import pytest

import hush
import hush.logging
import hush.structlog
from conftest import TOKEN, assert_absent


@pytest.fixture
def capture():
    """A fresh logger writing through a handler with the filter; yields (logger, stream, handler)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(hush.logging.RedactingFilter())
    logger = logging.getLogger(f"hush-test-{id(stream)}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    yield logger, stream, handler
    logger.handlers[:] = []


def test_plain_formatter_message_args_and_extra(capture):
    logger, stream, handler = capture
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s user=%(user)s"))
    logger.info("login token=%s for %s", TOKEN, "ana", extra={"user": f"ana {TOKEN}"})
    out = stream.getvalue()
    assert "[REDACTED:github-pat]" in out and "for ana" in out
    assert_absent(out, TOKEN, "plain log output")


def test_exception_text_and_stack_are_masked(capture):
    logger, stream, handler = capture
    handler.setFormatter(logging.Formatter("%(message)s"))
    try:
        raise ValueError(f"upstream refused {TOKEN}")
    except ValueError:
        logger.exception("call failed", stack_info=True)
    out = stream.getvalue()
    assert "ValueError: upstream refused [REDACTED:github-pat]" in out
    assert "Traceback" in out and "Stack (most recent call last)" in out
    assert_absent(out, TOKEN, "exception log output")


def test_python_json_logger(capture):
    jsonlogger = pytest.importorskip("pythonjsonlogger.json")
    logger, stream, handler = capture
    handler.setFormatter(jsonlogger.JsonFormatter("%(levelname)s %(message)s"))
    try:
        raise RuntimeError(f"boom {TOKEN}")
    except RuntimeError:
        logger.error("bad key %s", TOKEN, exc_info=True, extra={"ctx": {"auth": TOKEN, "n": 3}})
    out = stream.getvalue()
    record = json.loads(out)
    assert record["ctx"]["n"] == 3
    assert "[REDACTED:github-pat]" in record["message"]
    assert "RuntimeError: boom [REDACTED:github-pat]" in record["exc_info"]
    assert_absent(out, TOKEN, "JSON log output")


def test_dict_messages_stay_dicts(capture):
    logger, stream, handler = capture
    seen = []
    handler.addFilter(lambda r: seen.append(r.msg) or True)
    logger.info({"event": "auth", "token": TOKEN, "count": 2})
    assert isinstance(seen[0], dict) and seen[0]["count"] == 2
    assert_absent(repr(seen[0]), TOKEN, "dict message")


def test_structlog_stdlib_bridge():
    structlog = pytest.importorskip("structlog")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(processor=structlog.processors.JSONRenderer())
    )
    handler.addFilter(hush.logging.RedactingFilter())
    std = logging.getLogger("hush-test-structlog-bridge")
    std.handlers[:] = [handler]
    std.propagate = False
    std.setLevel(logging.INFO)
    structlog.configure(
        processors=[structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    try:
        structlog.get_logger("hush-test-structlog-bridge").info("auth", token=TOKEN, n=1)
        std.warning("foreign record %s", TOKEN)
    finally:
        structlog.reset_defaults()
    lines = stream.getvalue().splitlines()
    first, second = json.loads(lines[0]), json.loads(lines[1])
    assert first["event"] == "auth" and first["n"] == 1
    assert first["token"] == "[REDACTED:github-pat]"
    assert "[REDACTED:github-pat]" in second["event"]
    assert_absent(stream.getvalue(), TOKEN, "structlog bridge output")


def test_structlog_processor_with_exception():
    structlog = pytest.importorskip("structlog")
    out = io.StringIO()
    structlog.configure(
        processors=[hush.structlog.redact_processor, structlog.processors.JSONRenderer()],
        logger_factory=structlog.PrintLoggerFactory(out),
        cache_logger_on_first_use=False,
    )
    try:
        log = structlog.get_logger()
        try:
            raise KeyError(TOKEN)
        except KeyError:
            log.error("lookup", keys=[TOKEN, "ok"], exc_info=True)
    finally:
        structlog.reset_defaults()
    record = json.loads(out.getvalue())
    assert record["keys"] == ["[REDACTED:github-pat]", "ok"]
    assert "KeyError" in record["exception"]
    assert_absent(out.getvalue(), TOKEN, "structlog output")


def test_install_honours_hush_redact(monkeypatch):
    stream = io.StringIO()
    logger = logging.getLogger("hush-test-install")
    logger.handlers[:] = [logging.StreamHandler(stream)]
    logger.propagate = False
    monkeypatch.delenv("HUSH_REDACT", raising=False)
    try:
        assert hush.logging.install() is False
        logger.warning("off %s", TOKEN)
        assert TOKEN in stream.getvalue()
        monkeypatch.setenv("HUSH_REDACT", "1")
        assert hush.logging.install() is True
        assert hush.logging.install() is True  # a second call adds nothing
        child = logging.getLogger("hush-test-install.child")
        child.warning("on %s", TOKEN)  # any logger, any handler
        assert stream.getvalue().count(TOKEN) == 1
        assert "on [REDACTED:github-pat]" in stream.getvalue()
    finally:
        hush.logging.uninstall()
        logger.handlers[:] = []
    assert not hasattr(logging.getLogRecordFactory(), "__wrapped__")


def test_bad_format_args_are_masked_not_raised(capture):
    logger, stream, handler = capture
    logger.info("two %s %s", TOKEN)  # one arg short
    out = stream.getvalue()
    assert out and "[REDACTED:github-pat]" in out
    assert_absent(out, TOKEN, "output of a bad format call")
