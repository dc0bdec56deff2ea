"""hush.seal.open: configs sealed by the real `hush seal` command; values come back as
hush.Secret, wrong keys and tampering raise hush.VaultError with the CLI's message, no value in
any repr or error."""

from __future__ import annotations

import base64
import json
import os

import pytest

import hush
from conftest import TOKEN, assert_absent, run_hush

DB_PW = "dbpw-Xc81Lq0vPz3RtY6u"


@pytest.fixture
def sealed(tmp_path, clean_env):
    path, keyfile = tmp_path / "config.json", tmp_path / "c.key"
    doc = {"integrations": {"stripe": {"api_key": TOKEN}}, "db": {"password": DB_PW, "host": "h1"}}
    path.write_text(json.dumps(doc, indent=2))
    out = run_hush("seal", "--in-place", "--keyfile", str(keyfile), str(path),
                   env={"HUSH_VAULT_KEY": "", "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert out.returncode == 0, out.stderr.decode()
    text = path.read_text()
    assert TOKEN not in text and DB_PW not in text
    return path, keyfile


def test_open_get_and_reveal(sealed):
    path, keyfile = sealed
    cfg = hush.seal.open(path, keyfile=keyfile)
    secret = cfg.get("integrations.stripe.api_key")
    assert isinstance(secret, hush.Secret)
    assert secret.reveal() == TOKEN
    assert cfg["db.password"].reveal() == DB_PW
    assert cfg.get("db.host").reveal() == "h1"
    assert cfg.get("db.nope") is None and "db.nope" not in cfg and "db.password" in cfg
    with pytest.raises(KeyError):
        cfg["db.nope"]
    assert cfg.sealed_paths() == ["integrations.stripe.api_key", "db.password"]
    shown = [repr(cfg), str(cfg), repr(secret), str(secret), f"{secret}"]
    for s in shown:
        assert TOKEN not in s and DB_PW not in s
    assert repr(secret) == "***"


def test_key_from_the_environment(sealed, monkeypatch):
    path, keyfile = sealed
    monkeypatch.setenv("HUSH_VAULT_KEY", keyfile.read_text().strip())
    assert hush.seal.open(str(path)).get("db.password").reveal() == DB_PW


def test_wrong_key_raises_the_clis_error_without_values(sealed, tmp_path):
    path, _ = sealed
    other = tmp_path / "other.key"
    other.write_text(base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=") + "\n")
    other.chmod(0o600)
    with pytest.raises(hush.VaultError) as err:
        hush.seal.open(path, keyfile=other)
    assert "wrong key or passphrase" in str(err.value)
    assert_absent(str(err.value), TOKEN, "error")
    cli = run_hush("seal", "get", "--keyfile", str(other), str(path), "db.password")
    assert cli.returncode == 2
    assert "wrong key or passphrase" in cli.stderr.decode()


def test_tampering_raises(sealed):
    path, keyfile = sealed
    doc = json.loads(path.read_text())
    doc["db"]["password"], doc["integrations"]["stripe"]["api_key"] = (
        doc["integrations"]["stripe"]["api_key"], doc["db"]["password"])
    path.write_text(json.dumps(doc))
    with pytest.raises(hush.VaultError) as err:
        hush.seal.open(path, keyfile=keyfile)
    for planted in (TOKEN, DB_PW):
        assert planted not in str(err.value)
