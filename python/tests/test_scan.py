"""hush.scan: the JSON contract's fields, text and paths, no secret unless show_secrets."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import hush
from conftest import TOKEN, assert_absent, hush_bin

FIELDS = ["rule", "kind", "confidence", "path", "line", "column", "end_column", "commit",
          "fingerprint", "redacted"]


def test_text_finding_has_the_contract_fields_and_no_secret():
    [f] = hush.scan(f"first line\nkey = '{TOKEN}'\n")
    assert (f.rule, f.kind, f.line, f.column, f.path) == ("github-pat", "secret", 2, 8, "<text>")
    assert f.end_column == f.column + len(TOKEN)
    assert list(f.to_dict()) == FIELDS
    assert f.secret is None
    for shown in (repr(f), str(f), json.dumps(f.to_dict()), repr([f])):
        assert_absent(shown, TOKEN, "finding output")


def test_show_secrets_gives_a_secret_object():
    [f] = hush.scan(TOKEN.encode(), show_secrets=True)
    assert repr(f.secret) == "***" and str(f.secret) == "***" and f"{f.secret}" == "***"
    assert f.secret.reveal() == TOKEN
    assert f.to_dict()["secret"] == TOKEN
    assert_absent(repr(f), TOKEN, "repr of a finding with show_secrets")


def test_paths_match_the_cli_json(tmp_path):
    (tmp_path / "a.env").write_text(f"GH={TOKEN}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text(f"x = 1\ntoken = '{TOKEN}'\n")
    (tmp_path / "c.txt").write_text(f"allowed {TOKEN}  # hush:allow\n")
    found = hush.scan(tmp_path)
    cli = subprocess.run([hush_bin(), "scan", "--format", "json", str(tmp_path)],
                         capture_output=True)
    assert cli.returncode == 1
    expected = json.loads(cli.stdout)
    assert [f.to_dict() for f in found] == expected
    assert {Path(f.path).name for f in found} == {"a.env", "b.py"}


def test_fingerprint_is_stable_and_pii_is_opt_in():
    line = f"{TOKEN} ana.lima@acmecorp.io"
    a, b = hush.scan(line), hush.scan(line)
    assert [f.fingerprint for f in a] == [f.fingerprint for f in b]
    assert {f.kind for f in a} == {"secret"}
    assert "pii" in {f.kind for f in hush.scan(line, pii=True)}


def test_bad_input_is_a_clear_error(tmp_path):
    with pytest.raises(hush.HushError):
        hush.scan(tmp_path / "missing")
    with pytest.raises(TypeError):
        hush.scan(12)
