from os import PathLike
from typing import Optional, Union

from ._native import SealedFile as SealedFile

def open(
    path: Union[str, PathLike[str]],
    keyfile: Optional[Union[str, PathLike[str]]] = None,
) -> SealedFile: ...
