"""hush inside Python: redact logs, scan text and files, read the encrypted vault, check
production settings at start-up. The work is done by the hush library (Rust), the same code as
the ``hush`` command, with the GIL released.

Two-line set-up for logs::

    import hush.logging
    hush.logging.install()          # or: logging.getLogger().addFilter(RedactingFilter())
"""

from __future__ import annotations

import functools
import os
from typing import Iterable, Mapping, Optional, Sequence, Union

from ._native import (
    ConfigError,
    Finding,
    HushError,
    Redactor,
    Scanner,
    Secret,
    Vault,
    VaultError,
    __version__,
)
from ._native import check_environ as _check_environ
from . import seal  # noqa: E402 - hush.seal.open(...) after a plain `import hush`

__all__ = [
    "ConfigError",
    "Finding",
    "HushError",
    "Redactor",
    "Scanner",
    "Secret",
    "Vault",
    "VaultError",
    "__version__",
    "check",
    "load_vault",
    "redact",
    "scan",
]

_Text = Union[str, bytes]


def _rule_list(ids: Optional[Union[str, Iterable[str]]]) -> Optional[tuple]:
    """``"a,b"``, ``["a", "b"]`` or ``None`` as a hashable tuple (for the caches)."""
    if ids is None:
        return None
    if isinstance(ids, str):
        return tuple(i.strip() for i in ids.split(",") if i.strip())
    return tuple(ids)


@functools.lru_cache(maxsize=16)
def _redactor(pii: bool, mask: str, only: Optional[tuple], exclude: Optional[tuple]) -> Redactor:
    return Redactor(
        pii=pii,
        mask=mask,
        only=list(only) if only is not None else None,
        exclude=list(exclude) if exclude is not None else None,
    )


def redact(
    text: _Text,
    *,
    pii: bool = True,
    mask: str = "full",
    only: Optional[Union[str, Iterable[str]]] = None,
    exclude: Optional[Union[str, Iterable[str]]] = None,
) -> _Text:
    """``text`` with every secret (and, by default, personal data) masked, as ``hush redact``
    masks it: ``str`` in, ``str`` out; ``bytes`` in, ``bytes`` out. The redactor for each set of
    options is built once and kept; build a :class:`Redactor` yourself to control that."""
    return _redactor(pii, mask, _rule_list(only), _rule_list(exclude)).redact(text)


@functools.lru_cache(maxsize=8)
def _scanner(pii: bool, only: Optional[tuple], exclude: Optional[tuple]) -> Scanner:
    return Scanner(
        pii=pii,
        only=list(only) if only is not None else None,
        exclude=list(exclude) if exclude is not None else None,
    )


def scan(
    target: Union[_Text, "os.PathLike[str]", Sequence["os.PathLike[str]"]],
    *,
    show_secrets: bool = False,
    pii: bool = False,
    only: Optional[Union[str, Iterable[str]]] = None,
    exclude: Optional[Union[str, Iterable[str]]] = None,
    path: str = "<text>",
) -> list:
    """Findings in ``target``: a ``str`` or ``bytes`` is scanned as content (labelled ``path``);
    a :class:`os.PathLike` (``pathlib.Path``), or a list of them, is walked as ``hush scan``
    walks it. Findings carry the JSON report's fields; ``finding.secret`` is ``None`` unless
    ``show_secrets=True``."""
    scanner = _scanner(pii, _rule_list(only), _rule_list(exclude))
    if isinstance(target, (str, bytes)):
        return scanner.scan_text(target, path=path, show_secrets=show_secrets)
    if isinstance(target, os.PathLike):
        return scanner.scan_paths([os.fspath(target)], show_secrets=show_secrets)
    if isinstance(target, (list, tuple)) and all(isinstance(t, os.PathLike) for t in target):
        return scanner.scan_paths([os.fspath(t) for t in target], show_secrets=show_secrets)
    raise TypeError(
        f"scan() takes str, bytes, a path or a list of paths, not {type(target).__name__}"
    )


def load_vault(
    path: Union[str, "os.PathLike[str]"] = ".env.vault",
    override: bool = False,
    *,
    keyfile: Optional[Union[str, "os.PathLike[str]"]] = None,
    environ: Optional[os._Environ] = None,
) -> bool:
    """Decrypts the vault at ``path`` into ``os.environ``, as python-dotenv's ``load_dotenv``
    loads a ``.env``: existing variables win unless ``override=True``. Returns ``True`` when the
    vault set at least one variable. Keys come from the CLI's sources (``HUSH_VAULT_KEY``,
    ``keyfile`` or the default key file, ``HUSH_PASSPHRASE``)."""
    target = os.environ if environ is None else environ
    vault = Vault.open(os.fspath(path), keyfile=None if keyfile is None else os.fspath(keyfile))
    loaded = False
    for name, secret in vault.items():
        if override or name not in target:
            target[name] = secret.reveal()
            loaded = True
    return loaded


_DEFAULT_SCHEMA = "hush.schema.toml"


def check(
    env: Optional[str] = "production",
    schema: Optional[Union[str, "os.PathLike[str]"]] = _DEFAULT_SCHEMA,
    *,
    environ: Optional[Mapping[str, str]] = None,
) -> None:
    """Runs ``hush vault check``'s rules on the process environment (or ``environ``) for
    ``env``: known default or placeholder values, short production ``SECRET_KEY``, ``*`` CORS
    origins, debug on, provider test keys, and the schema's rules (required names, patterns,
    lengths, entropy). Raises :class:`ConfigError` naming each variable and reason, never a
    value; ``err.violations`` lists ``(name, reason)`` pairs. A missing ``hush.schema.toml``
    (the default) means built-in rules only; a missing schema you named is an error."""
    text = None
    label = "schema"
    if schema is not None:
        label = os.fspath(schema)
        try:
            with open(label, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            if label != _DEFAULT_SCHEMA:
                raise HushError(f"schema {label}: no such file") from None
        except OSError as e:
            raise HushError(f"schema {label}: {e.strerror}") from None
    source = os.environ if environ is None else environ
    _check_environ(list(source.items()), env=env, schema=text, schema_label=label)
