"""hush.redact and hush.Redactor: the CLI's masks, str/bytes round trips, line and JSON shape."""

from __future__ import annotations

import json
import subprocess

import pytest

import hush
from conftest import OTHER_TOKEN, TOKEN, assert_absent, hush_bin


def test_masks_a_token_and_keeps_the_rest():
    out = hush.redact(f"deploy with {TOKEN} now")
    assert out == "deploy with [REDACTED:github-pat] now"


def test_str_in_str_out_bytes_in_bytes_out():
    assert isinstance(hush.redact(f"t={TOKEN}"), str)
    out = hush.redact(f"t={TOKEN}".encode())
    assert isinstance(out, bytes)
    assert TOKEN.encode() not in out


def test_nothing_to_mask_returns_the_same_object():
    text = "a perfectly ordinary log line\n" * 3
    assert hush.redact(text) is text
    data = b"plain bytes"
    assert hush.redact(data) is data


def test_pii_on_by_default_and_off_on_request():
    line = "contact ana.lima@acmecorp.io about the invoice"
    assert "ana.lima@acmecorp.io" not in hush.redact(line)
    assert hush.redact(line, pii=False) == line


def test_only_and_exclude_narrow_the_rules():
    line = f"{TOKEN} ana.lima@acmecorp.io"
    assert TOKEN in hush.redact(line, exclude=["github-pat"])
    only = hush.redact(line, only="github-pat")
    assert TOKEN not in only and "ana.lima@acmecorp.io" in only
    with pytest.raises(hush.HushError, match="unknown rule id"):
        hush.redact(line, only=["no-such-rule"])


def test_bad_mask_and_bad_type_are_clear_errors():
    with pytest.raises(hush.HushError, match="unknown mask"):
        hush.redact("x", mask="sideways")
    with pytest.raises(TypeError, match="str or bytes"):
        hush.Redactor().redact(42)


def test_partial_and_hash_masks():
    partial = hush.redact(f"t={TOKEN}", mask="partial")
    assert TOKEN not in partial
    r1 = hush.Redactor(mask="hash", key=b"k1")
    r2 = hush.Redactor(mask="hash", key=b"k1")
    assert r1.redact(f"t={TOKEN}") == r2.redact(f"t={TOKEN}")
    assert TOKEN not in r1.redact(f"t={TOKEN}")


def test_line_count_is_kept_and_redacting_twice_changes_nothing():
    text = "\n".join(
        [f"line {i} token={TOKEN}" if i % 3 == 0 else f"line {i} ok" for i in range(50)]
    ) + "\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n"
    once = hush.redact(text)
    assert once.count("\n") == text.count("\n")
    assert hush.redact(once) == once
    assert_absent(once, TOKEN, "redacted text")
    assert "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu" not in once


def test_json_lines_stay_valid_json_with_the_same_keys():
    records = [
        {"level": "info", "msg": f"auth with {TOKEN}", "n": i, "password": "hunter2!x"}
        for i in range(20)
    ]
    text = "".join(json.dumps(r) + "\n" for r in records)
    out = hush.redact(text)
    lines = out.splitlines()
    assert len(lines) == len(records)
    for line, original in zip(lines, records):
        parsed = json.loads(line)
        assert list(parsed) == list(original)
        assert parsed["n"] == original["n"]
        assert TOKEN not in parsed["msg"] and parsed["password"] != "hunter2!x"


def test_same_output_as_the_cli(tmp_path):
    text = f"a {TOKEN}\nb ana.lima@acmecorp.io\nc {OTHER_TOKEN}\n{{\"token\": \"abc123def456\"}}\n"
    cli = subprocess.run([hush_bin(), "redact"], input=text.encode(), capture_output=True)
    assert cli.returncode == 0
    assert hush.redact(text).encode() == cli.stdout


def test_unicode_text_round_trips():
    text = f"café ☕ {TOKEN} – naïve\n"
    out = hush.redact(text)
    assert out.startswith("café ☕ ") and out.endswith(" – naïve\n")


def test_redactor_repr_and_rules():
    r = hush.Redactor(pii=False)
    assert "Redactor(" in repr(r)
    assert "github-pat" in r.rules
    assert not any(rule.startswith("email") for rule in r.rules)


def test_large_input_matches_the_cli_and_keeps_lines():
    # Above 1 MiB the binding streams through the CLI's filter; same bytes either way.
    lines = [f"{i} ok\n" if i % 5000 else f"{i} key {TOKEN} ana.lima@acmecorp.io\n"
             for i in range(300_000)]
    text = "".join(lines)
    assert len(text) > 1 << 20
    cli = subprocess.run([hush_bin(), "redact"], input=text.encode(), capture_output=True)
    out = hush.redact(text)
    assert out.encode() == cli.stdout
    assert out.count("\n") == len(lines)
    assert_absent(out, TOKEN, "large redacted text")
    clean = "nothing to see\n" * 100_000
    assert hush.redact(clean) is clean
