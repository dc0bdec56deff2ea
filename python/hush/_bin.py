"""Where the ``hush`` executable this wheel installed lives (its ``scripts`` directory)."""

from __future__ import annotations

import os
import sys
import sysconfig


def find_hush_bin() -> str:
    """The path of the ``hush`` command installed with this package; ``FileNotFoundError``
    when it is missing (an install from source without the binary)."""
    name = "hush.exe" if sys.platform == "win32" else "hush"
    schemes = [sysconfig.get_default_scheme()] if hasattr(sysconfig, "get_default_scheme") else []
    schemes.append(f"{os.name}_user")
    candidates = []
    for scheme in schemes:
        try:
            candidates.append(os.path.join(sysconfig.get_path("scripts", scheme), name))
        except KeyError:
            continue
    candidates.append(os.path.join(os.path.dirname(sys.executable), name))
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise FileNotFoundError(f"the hush command is not installed next to {sys.executable}")
