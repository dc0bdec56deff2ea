"""The wheel installs the `hush` command; `python -m hush` runs it too."""

from __future__ import annotations

import subprocess
import sys

import hush
from conftest import TOKEN, assert_absent, hush_bin


def test_hush_command_is_installed_and_matches_the_module_version():
    out = subprocess.run([hush_bin(), "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"hush {hush.__version__}"


def test_python_dash_m_hush_scans_with_exit_codes():
    out = subprocess.run([sys.executable, "-m", "hush", "scan", "-"], input=f"k={TOKEN}\n",
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "github-pat" in out.stdout
    assert_absent(out.stdout + out.stderr, TOKEN, "hush scan output")
