"""hush.check: production rules and the schema on the environment; errors name variables,
never values."""

from __future__ import annotations

import pytest

import hush
from conftest import assert_absent

GOOD_KEY = "Jx9vQ2mL7tR4wZ8pK3nB6cF1hD5gS0aYuE"  # 34 characters, no known default


def test_clean_environment_passes(tmp_path):
    hush.check(environ={"SECRET_KEY": GOOD_KEY, "CORS_ORIGINS": "https://app.acmecorp.io",
                        "PATH": "/usr/bin", "TERM": "xterm"}, schema=None)


def test_production_failures_name_variables_not_values():
    env = {
        "SECRET_KEY": "your-secret-key-change-in-production",
        "CORS_ALLOWED_ORIGINS": "https://a.acmecorp.io, *",
        "DEBUG": "true",
        "STRIPE_KEY": "sk_test_" + "51Hx9Qk2Lm4Np6Rs8Tu0Vw",
        "HOME": "/root",
        "EDITOR": "test",  # not a setting any rule is about: left alone
    }
    with pytest.raises(hush.ConfigError) as e:
        hush.check(environ=env)
    names = {n for n, _ in e.value.violations}
    assert names == {"SECRET_KEY", "CORS_ALLOWED_ORIGINS", "DEBUG", "STRIPE_KEY"}
    message = str(e.value)
    for value in env.values():
        if value not in ("true", "test", "/root"):
            assert_absent(message, value, "ConfigError message")
    assert_absent(repr(e.value.violations), "51Hx9Qk2Lm4Np6Rs8Tu0Vw", "violations")


def test_other_environment_is_lenient():
    hush.check(env="development", environ={"SECRET_KEY": "short-dev-key", "DEBUG": "1"})


def test_schema_required_and_pattern(tmp_path):
    schema = tmp_path / "hush.schema.toml"
    schema.write_text(
        '[vars.DATABASE_URL]\nrequired = true\npattern = "postgres://.+"\n'
        '[vars.SENTRY_DSN]\nrequired = true\nenvironments = ["production"]\n'
    )
    with pytest.raises(hush.ConfigError) as e:
        hush.check(schema=schema, environ={"DATABASE_URL": "mysql://root@db"})
    reasons = dict(e.value.violations)
    assert set(reasons) == {"DATABASE_URL", "SENTRY_DSN"}
    assert "required" in reasons["SENTRY_DSN"]
    assert_absent(str(e.value), "mysql://root@db", "ConfigError message")
    hush.check(env="staging", schema=schema, environ={"DATABASE_URL": "postgres://app@db/app"})


def test_default_schema_missing_is_fine_named_schema_missing_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    hush.check(environ={"SECRET_KEY": GOOD_KEY})
    with pytest.raises(hush.HushError, match="no such file"):
        hush.check(schema=tmp_path / "other.toml", environ={})
    (tmp_path / "bad.toml").write_text("[vars.X]\nnot_a_field = 1\n")
    with pytest.raises(hush.HushError, match="bad.toml"):
        hush.check(schema=tmp_path / "bad.toml", environ={})


def test_process_environment_is_the_default(monkeypatch):
    monkeypatch.setenv("APP_SECRET", "changeme")
    with pytest.raises(hush.ConfigError, match="APP_SECRET"):
        hush.check()
