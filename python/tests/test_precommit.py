"""The real pre-commit framework installs the `language: python` hook from the locally built
wheel (PIP_FIND_LINKS, as it would from PyPI) and runs it both ways: a commit adding a secret is
blocked; `pre-commit run --all-files` finds a key committed earlier."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import TOKEN, assert_absent

REPO_ROOT = Path(__file__).resolve().parents[2]


def _git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=_env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


_env = dict(os.environ)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    wheels = os.environ.get("HUSH_WHEEL_DIR")
    assert wheels and list(Path(wheels).glob("hush_secrets-*.whl")), (
        "set HUSH_WHEEL_DIR to the directory holding the built hush_secrets wheel"
    )
    pre_commit = shutil.which("pre-commit")
    assert pre_commit, "pre-commit is not installed"
    base = tmp_path_factory.mktemp("precommit")
    _env.update(
        PRE_COMMIT_HOME=str(base / "cache"),
        PIP_FIND_LINKS=str(Path(wheels).resolve()),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t.invalid",
        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t.invalid",
        GIT_CONFIG_GLOBAL=str(base / "gitconfig"), GIT_CONFIG_NOSYSTEM="1",
    )
    (base / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    # The hook repository: this checkout's hook definition and install stub, committed.
    hooks = base / "hooks"
    hooks.mkdir()
    for name in (".pre-commit-hooks.yaml", "pyproject.toml"):
        shutil.copy(REPO_ROOT / name, hooks / name)
    _git(hooks, "init", "-q")
    _git(hooks, "add", ".")
    _git(hooks, "commit", "-qm", "hooks")
    rev = _git(hooks, "rev-parse", "HEAD")
    repo = base / "work"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: hush\n"
    )
    (repo / "README.md").write_text("hello\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "start")
    started = time.perf_counter()
    out = subprocess.run([pre_commit, "install", "--install-hooks"], cwd=repo, env=_env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    print(f"pre-commit hook environment installed in {time.perf_counter() - started:.1f}s")
    return repo, pre_commit


def _commit(repo: Path, message: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "commit", "-m", message, *extra], cwd=repo, env=_env,
                          capture_output=True, text=True)


def test_commit_adding_a_secret_is_blocked(work):
    repo, _ = work
    (repo / "config.py").write_text(f"TOKEN = '{TOKEN}'\n")
    _git(repo, "add", "config.py")
    before = _git(repo, "rev-parse", "HEAD")
    out = _commit(repo, "add config")
    assert out.returncode != 0
    assert "github-pat" in out.stdout + out.stderr
    assert_absent(out.stdout + out.stderr, TOKEN, "pre-commit output")
    assert _git(repo, "rev-parse", "HEAD") == before
    _git(repo, "reset", "-q", "config.py")
    (repo / "config.py").unlink()


def test_all_files_finds_a_key_committed_earlier(work):
    repo, pre_commit = work
    (repo / "old.env").write_text(f"GH={TOKEN}\n")
    _git(repo, "add", "old.env")
    assert _commit(repo, "old key, hook bypassed", "--no-verify").returncode == 0
    # A commit that does not add a secret passes: on commit only staged changes count.
    (repo / "README.md").write_text("hello\nworld\n")
    _git(repo, "add", "README.md")
    ok = _commit(repo, "docs")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # --all-files (what CI runs) scans the files whole and finds the old key.
    out = subprocess.run([pre_commit, "run", "--all-files"], cwd=repo, env=_env,
                         capture_output=True, text=True)
    assert out.returncode != 0
    assert "old.env" in out.stdout and "github-pat" in out.stdout
    assert_absent(out.stdout + out.stderr, TOKEN, "pre-commit --all-files output")
    # Once the key is gone, --all-files passes.
    _git(repo, "rm", "-q", "old.env")
    assert _commit(repo, "remove key").returncode == 0
    clean = subprocess.run([pre_commit, "run", "--all-files"], cwd=repo, env=_env,
                           capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
