"""Type stubs of the native module (hush/_native, built from python/src)."""

from os import PathLike
from typing import Optional, Sequence, Union, overload

__version__: str

class HushError(Exception): ...
class VaultError(HushError): ...

class ConfigError(HushError):
    violations: list[tuple[str, str]]

class Secret:
    def reveal(self) -> str: ...

class Redactor:
    def __init__(
        self,
        *,
        pii: bool = True,
        mask: str = "full",
        only: Optional[Sequence[str]] = None,
        exclude: Optional[Sequence[str]] = None,
        key: Optional[bytes] = None,
    ) -> None: ...
    @overload
    def redact(self, data: str) -> str: ...
    @overload
    def redact(self, data: bytes) -> bytes: ...
    @property
    def rules(self) -> list[str]: ...

class Finding:
    rule: str
    kind: str
    confidence: str
    path: str
    line: int
    column: int
    end_column: int
    commit: Optional[str]
    fingerprint: str
    redacted: str
    secret: Optional[Secret]
    def to_dict(self) -> dict[str, object]: ...

class Scanner:
    def __init__(
        self,
        *,
        pii: bool = False,
        only: Optional[Sequence[str]] = None,
        exclude: Optional[Sequence[str]] = None,
    ) -> None: ...
    def scan_text(
        self, data: Union[str, bytes], *, path: str = "<text>", show_secrets: bool = False
    ) -> list[Finding]: ...
    def scan_paths(
        self,
        paths: Sequence[Union[str, PathLike[str]]],
        *,
        show_secrets: bool = False,
        max_file_size: int = ...,
    ) -> list[Finding]: ...

class Vault:
    @staticmethod
    def open(
        path: Union[str, PathLike[str]] = ".env.vault",
        keyfile: Optional[Union[str, PathLike[str]]] = None,
        passphrase: Optional[str] = None,
    ) -> Vault: ...
    def names(self) -> list[str]: ...
    def get(self, name: str) -> Optional[Secret]: ...
    def items(self) -> list[tuple[str, Secret]]: ...
    @property
    def path(self) -> str: ...
    def __getitem__(self, name: str) -> Secret: ...
    def __contains__(self, name: str) -> bool: ...
    def __len__(self) -> int: ...

def check_environ(
    environ: Sequence[tuple[str, str]],
    *,
    env: Optional[str] = None,
    schema: Optional[str] = None,
    schema_label: str = "schema",
) -> None: ...

class SealedFile:
    """A verified sealed config (``hush seal``); values by key path, as ``Secret``s."""
    def get(self, path: str) -> Optional[Secret]: ...
    def sealed_paths(self) -> list[str]: ...
    def paths(self) -> list[str]: ...
    @property
    def path(self) -> PathLike[str]: ...
    def __getitem__(self, path: str) -> Secret: ...
    def __contains__(self, path: str) -> bool: ...

def open_sealed(
    path: Union[str, PathLike[str]],
    keyfile: Optional[Union[str, PathLike[str]]] = None,
) -> SealedFile: ...
