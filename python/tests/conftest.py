"""Shared helpers: synthetic tokens that pass the rules' checksums, vaults made with the real
`hush` command, and a check that no planted secret appears in some output."""

from __future__ import annotations

import os
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def github_token(body30: str, prefix: str = "ghp_") -> str:
    """A GitHub-style token with a valid CRC32 check (built here, never a real token)."""
    assert len(body30) == 30
    v = zlib.crc32(body30.encode())
    check = []
    for _ in range(6):
        check.append(_BASE62[v % 62])
        v //= 62
    return prefix + body30 + "".join(reversed(check))


TOKEN = github_token("Zq7Xw2Lk9Vb4Nm1Rt6Yp3Hs8Jd5Fg0")
OTHER_TOKEN = github_token("Pa9Sd8Fg7Hj6Kl5Zx4Cv3Bn2Mq1We0")


def assert_absent(text, needle: str, what: str) -> None:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    assert needle not in text, f"{what} contains the planted secret"


def hush_bin() -> str:
    exe = shutil.which("hush")
    assert exe, "the wheel's hush command is not on PATH"
    return exe


def run_hush(*args: str, cwd=None, env=None, input=None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [hush_bin(), *args], cwd=cwd, env=full_env, input=input, capture_output=True
    )


def make_vault(dir: Path, entries: dict, name: str = ".env.vault") -> tuple:
    """A vault with `entries`, keyed by a new key file; returns (vault path, key file path)."""
    vault, keyfile = dir / name, dir / (name + ".key")
    plain = dir / (name + ".plain.env")
    plain.write_text("".join(f"{k}={v}\n" for k, v in entries.items()))
    env = {"HUSH_VAULT_KEY": "", "XDG_CONFIG_HOME": str(dir / "config")}
    for args in (
        ["vault", "--file", str(vault), "--keyfile", str(keyfile), "init"],
        ["vault", "--file", str(vault), "--keyfile", str(keyfile), "import", str(plain), "--remove-plaintext"],
    ):
        out = run_hush(*args, env=env)
        assert out.returncode == 0, out.stderr.decode()
    return vault, keyfile


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No key source from the outside world leaks into a test."""
    for var in ("HUSH_VAULT_KEY", "HUSH_PASSPHRASE", "HUSH_REDACT", "HUSH_REDACT_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return monkeypatch
