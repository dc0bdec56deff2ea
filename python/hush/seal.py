"""Sealed configs (``hush seal``): read values of a sealed JSON, TOML or YAML file.

::

    import hush.seal
    cfg = hush.seal.open("config.json")                 # key: the CLI's key sources
    api_key = cfg.get("integrations.stripe.api_key")    # a hush.Secret; .reveal() for the text

A wrong key or a tampered file raises ``hush.VaultError`` with the CLI's message.
"""

from __future__ import annotations

from os import PathLike
from typing import Optional, Union

from ._native import SealedFile
from ._native import open_sealed as _open_sealed

__all__ = ["SealedFile", "open"]


def open(  # noqa: A001 - the module's verb, as in hush.seal.open
    path: Union[str, PathLike],
    keyfile: Optional[Union[str, PathLike]] = None,
) -> SealedFile:
    """Opens and verifies the sealed config at ``path`` (format from its extension)."""
    return _open_sealed(path, keyfile)
