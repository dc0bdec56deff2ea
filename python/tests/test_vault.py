"""hush.Vault, hush.Secret, hush.load_vault, the pydantic-settings source: vaults written by the
real `hush` command; wrong keys and tampering give clear errors without values."""

from __future__ import annotations

import base64
import os
import pickle

import pytest

import hush
from conftest import TOKEN, assert_absent, make_vault


@pytest.fixture
def vault(tmp_path, clean_env):
    entries = {"DATABASE_URL": "postgres://app:s3cr3t-pw@db/app", "API_TOKEN": TOKEN, "MODE": "x"}
    path, keyfile = make_vault(tmp_path, entries)
    return path, keyfile, entries


def test_open_get_and_reveal(vault):
    path, keyfile, entries = vault
    v = hush.Vault.open(path, keyfile=keyfile)
    assert v.names() == list(entries)
    assert len(v) == 3 and "API_TOKEN" in v and "NOPE" not in v
    secret = v.get("API_TOKEN")
    assert secret.reveal() == TOKEN
    assert v["DATABASE_URL"].reveal() == entries["DATABASE_URL"]
    assert v.get("NOPE") is None
    with pytest.raises(KeyError):
        v["NOPE"]


def test_no_secret_in_any_repr(vault):
    path, keyfile, _ = vault
    v = hush.Vault.open(path, keyfile=keyfile)
    s = v.get("API_TOKEN")
    shown = [repr(v), str(v), repr(s), str(s), f"{s}", f"{s!r}", "%s" % s, repr(v.items()),
             repr({"k": s})]
    for text in shown:
        assert_absent(text, TOKEN, "a repr")
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(s)


def test_key_from_environment(vault, clean_env):
    path, keyfile, _ = vault
    clean_env.setenv("HUSH_VAULT_KEY", keyfile.read_text().strip())
    assert hush.Vault.open(path).get("MODE").reveal() == "x"


def test_wrong_key_and_no_key(vault, clean_env, tmp_path):
    path, _, _ = vault
    wrong = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
    clean_env.setenv("HUSH_VAULT_KEY", wrong)
    with pytest.raises(hush.VaultError, match="wrong key") as e:
        hush.Vault.open(path)
    assert_absent(str(e.value), TOKEN, "wrong-key error")
    clean_env.delenv("HUSH_VAULT_KEY")
    with pytest.raises(hush.VaultError, match="no key"):
        hush.Vault.open(path)
    with pytest.raises(hush.VaultError, match="no vault"):
        hush.Vault.open(tmp_path / "missing.vault")


def test_tampered_vault_is_refused(vault):
    path, keyfile, _ = vault
    lines = path.read_text().splitlines(keepends=True)
    lines = [l for l in lines if not l.startswith("MODE=")]
    path.write_text("".join(lines))
    with pytest.raises(hush.VaultError, match="modified outside hush"):
        hush.Vault.open(path, keyfile=keyfile)


def test_load_vault_like_load_dotenv(vault):
    path, keyfile, entries = vault
    env = {"MODE": "kept"}
    assert hush.load_vault(path, keyfile=keyfile, environ=env) is True
    assert env["MODE"] == "kept" and env["API_TOKEN"] == TOKEN
    hush.load_vault(path, override=True, keyfile=keyfile, environ=env)
    assert env["MODE"] == "x"


def test_load_vault_into_os_environ(vault, clean_env):
    path, keyfile, _ = vault
    clean_env.delenv("DATABASE_URL", raising=False)
    clean_env.delenv("API_TOKEN", raising=False)
    clean_env.delenv("MODE", raising=False)
    clean_env.chdir(path.parent)
    clean_env.setenv("HUSH_VAULT_KEY", keyfile.read_text().strip())
    assert hush.load_vault() is True
    assert os.environ["API_TOKEN"] == TOKEN


def test_pydantic_settings_source(vault, clean_env):
    pytest.importorskip("pydantic_settings")
    from pydantic import SecretStr
    from pydantic_settings import BaseSettings

    from hush.pydantic import VaultSettingsSource

    path, keyfile, entries = vault
    clean_env.delenv("API_TOKEN", raising=False)

    class Settings(BaseSettings):
        api_token: SecretStr
        database_url: str
        mode: str = "default"

        @classmethod
        def settings_customise_sources(cls, settings_cls, init_settings, env_settings,
                                       dotenv_settings, file_secret_settings):
            return (init_settings, env_settings,
                    VaultSettingsSource(settings_cls, path=path, keyfile=keyfile))

    clean_env.setenv("MODE", "from-env")
    s = Settings()
    assert s.api_token.get_secret_value() == TOKEN
    assert s.database_url == entries["DATABASE_URL"]
    assert s.mode == "from-env"  # the environment wins over the vault, as ordered
    assert_absent(repr(s), TOKEN, "settings repr")
