"""The real `pre-commit try-repo` on a temporary repository of templates.

pre-commit installs the hook's environment from a commit of this project: it
builds replylint with pip in a fresh virtualenv, which downloads the build
backend and the dependencies from the package index. That is why this test
needs the network and takes a minute or so (twice: try-repo uses a new
store each time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.network

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True, timeout=120).stdout


def project_snapshot(root: Path, dst: Path) -> Path:
    """A git repository with this project's files (tracked and new, not ignored) as they
    are now, committed: hermetic, and independent of the worktree's state."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        listed = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except subprocess.CalledProcessError:
        pytest.skip(f"{root} is not a git checkout (pre-commit needs a repository)")
    dst.mkdir()
    for rel in filter(None, listed.split("\0")):
        src = root / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    git(dst, "init", "-q")
    git(dst, "add", "-A")
    git(dst, "commit", "-q", "-m", "snapshot")
    return dst


def try_repo(src: Path, target: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(target.parent / "pc-home"),
           "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(src),
                           "replylint", "--ref", "HEAD", "--all-files", "--color", "never"],
                          cwd=target, env=env, capture_output=True, text=True, timeout=900)


def test_pre_commit_try_repo_fails_on_a_bad_template_then_passes(root, tmp_path):
    src = project_snapshot(root, tmp_path / "replylint")
    target = tmp_path / "templates-repo"
    (target / "templates").mkdir(parents=True)
    # Only the stable shipped rule, so the test does not depend on the packs in progress.
    (target / ".replylint.yaml").write_text('select: [RL201]\ninclude: ["templates/**"]\n',
                                            encoding="utf-8")
    (target / "README.md").write_text("Шаблоны ответов.\n", encoding="utf-8")  # not a template
    bad = target / "templates" / "delay.txt"
    bad.write_text("Здравствуйте! Заказ приедет завтра.\n", encoding="utf-8")
    (target / "templates" / "refund.md").write_text(
        "## Возврат\n\nЗдравствуйте! Простите, что списали деньги дважды.\n", encoding="utf-8")
    git(target, "init", "-q")
    git(target, "add", "-A")

    first = try_repo(src, target)
    out = first.stdout + first.stderr
    assert first.returncode == 1, out
    assert "templates/delay.txt:1:15" in out and "RL201" in out
    assert "refund.md" not in out and "README.md" not in out

    bad.write_text("Здравствуйте! Простите, что заказ задержали: он приедет завтра.\n",
                   encoding="utf-8")
    git(target, "add", "-A")
    second = try_repo(src, target)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
