"""``python -m hush ...`` runs the ``hush`` command installed with this package."""

from __future__ import annotations

import os
import subprocess
import sys

from ._bin import find_hush_bin


def main() -> None:
    exe = find_hush_bin()
    if sys.platform == "win32":
        sys.exit(subprocess.call([exe, *sys.argv[1:]]))
    os.execv(exe, [exe, *sys.argv[1:]])


if __name__ == "__main__":
    main()
