"""A pydantic-settings source that reads fields from a hush vault (``pip install
hush-secrets[pydantic]``)::

    from pydantic_settings import BaseSettings
    from hush.pydantic import VaultSettingsSource

    class Settings(BaseSettings):
        database_url: SecretStr

        @classmethod
        def settings_customise_sources(cls, settings_cls, init_settings, env_settings,
                                       dotenv_settings, file_secret_settings):
            return (init_settings, env_settings, VaultSettingsSource(settings_cls),
                    dotenv_settings, file_secret_settings)

Field names match vault names as environment variables do (``env_prefix``, ``alias``, case
insensitive unless ``case_sensitive=True``). The vault is opened once, on first use, with the
CLI's key sources; a missing vault file gives no values.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Tuple, Type

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from . import Vault

__all__ = ["VaultSettingsSource"]


class VaultSettingsSource(PydanticBaseSettingsSource):
    """Settings values from the vault at ``path`` (default ``.env.vault``)."""

    def __init__(
        self,
        settings_cls: Type[BaseSettings],
        path: "str | os.PathLike[str]" = ".env.vault",
        keyfile: "Optional[str | os.PathLike[str]]" = None,
    ) -> None:
        super().__init__(settings_cls)
        self._path = os.fspath(path)
        self._keyfile = None if keyfile is None else os.fspath(keyfile)
        self._values: Optional[Dict[str, str]] = None

    def _load(self) -> Dict[str, str]:
        if self._values is None:
            values: Dict[str, str] = {}
            if os.path.exists(self._path):
                vault = Vault.open(self._path, keyfile=self._keyfile)
                values = {name: secret.reveal() for name, secret in vault.items()}
            self._values = values
        return self._values

    def _lookup(self, name: str) -> Optional[str]:
        values = self._load()
        if self.config.get("case_sensitive", False):
            return values.get(name)
        lowered = {k.lower(): v for k, v in values.items()}
        return lowered.get(name.lower())

    def get_field_value(self, field: FieldInfo, field_name: str) -> Tuple[Any, str, bool]:
        prefix = self.config.get("env_prefix", "")
        names = [field.alias] if field.alias else []
        names.append(prefix + field_name)
        for name in names:
            value = self._lookup(name)
            if value is not None:
                return value, name, self.field_is_complex(field)
        return None, field_name, False

    def __call__(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {}
        for field_name, field in self.settings_cls.model_fields.items():
            value, _, complex_ = self.get_field_value(field, field_name)
            if value is None:
                continue
            data[field.alias or field_name] = self.decode_complex_value(field_name, field, value) if complex_ else value
        return data
