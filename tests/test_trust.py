"""Trust: files cjm writes never lose a user's file or turn a link into a copy."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from cjm import DISTRIBUTION, requirement
from cjm.lint.formats import INFORMATION_URI
from tests.conftest import ROOT, SAMPLES, run_cjm

MESSY = "title: T\nphases:\n- name: A\n  steps:\n  - action: Signs up\n"


def test_fmt_refuses_a_read_only_map_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(MESSY)
    path.chmod(0o444)
    result = run_cjm("fmt", str(path))
    assert result.returncode == 1
    assert f"{path}: cannot write it: the file is read-only (make it writable first)" in (
        result.stderr + result.stdout)
    assert path.read_text() == MESSY and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_fmt_and_render_write_through_a_link_and_keep_it_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "map.yaml"
    target.parent.mkdir()
    target.write_text(MESSY)
    link = tmp_path / "map.yaml"
    link.symlink_to(target)
    assert run_cjm("fmt", str(link)).returncode == 0
    assert link.is_symlink() and target.read_text() != MESSY
    assert target.read_text().startswith("title: T\nphases:\n  - name: A\n")
    out_target = tmp_path / "real" / "sally.svg"
    out_target.write_text("old")
    out_link = tmp_path / "sally.svg"
    out_link.symlink_to(out_target)
    assert run_cjm("render", str(SAMPLES / "sally.yaml"), "-o", str(out_link)).returncode == 0
    assert out_link.is_symlink() and out_target.read_text().startswith("<?xml")
    assert os.readlink(out_link) == str(out_target)


def test_site_refuses_a_folder_that_is_not_a_cjm_site(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.html").write_text("<h1>Our handbook</h1>")
    result = run_cjm("site", str(SAMPLES / "sally.yaml"), "-o", str(out), "--no-pdf")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {out}: holds files but no cjm site; build into an "
                                     "empty or new folder, or pass --force to write into it "
                                     "anyway")
    assert (out / "index.html").read_text() == "<h1>Our handbook</h1>"
    built = run_cjm("site", str(SAMPLES / "sally.yaml"), "-o", str(tmp_path / "new"),
                    "--no-pdf")
    assert built.returncode == 0
    again = run_cjm("site", str(SAMPLES / "sally.yaml"), "-o", str(tmp_path / "new"),
                    "--no-pdf")
    assert again.returncode == 0 and "0 rendered, 1 unchanged" in again.stdout
    forced = run_cjm("site", str(SAMPLES / "sally.yaml"), "-o", str(out), "--no-pdf", "--force")
    assert forced.returncode == 0 and "Customer journey maps" in (out / "index.html").read_text()


def test_a_link_to_a_file_outside_the_repository_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:do-not-print\n")
    repo = tmp_path / "repo"
    (repo / "maps").mkdir(parents=True)
    (repo / ".cjm.toml").write_text("")
    (repo / "maps" / "ok.yaml").write_text(MESSY)
    (repo / "maps" / "evil.yaml").symlink_to(secret)
    result = run_cjm("lint", ".", cwd=repo)
    assert "do-not-print" not in result.stdout + result.stderr
    assert ("maps/evil.yaml:1:1: Y007 the file is a link that leads outside the repository; "
            "not read") in result.stdout.splitlines()
    out = tmp_path / "site"
    assert run_cjm("site", ".", "-o", str(out), "--no-pdf", cwd=repo).returncode == 0
    assert sorted(p.name for p in (out / "maps").glob("*.html")) == ["ok.html"]
    assert not any("do-not-print" in p.read_text(errors="replace")
                   for p in out.rglob("*") if p.is_file())


def test_every_install_names_our_distribution_at_this_version() -> None:
    """`cjm` on the package index is somebody else's: installs name ours, pinned."""
    assert DISTRIBUTION != "cjm"
    assert f'\nname = "{DISTRIBUTION}"\n' in (ROOT / "pyproject.toml").read_text()
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    installs = [found for document in documents
                for found in re.findall(r"pip install (\S+)", document.read_text())]
    assert installs and all(name.strip("`") in (".", requirement()) for name in installs), installs
    assert INFORMATION_URI == f"https://pypi.org/project/{DISTRIBUTION}/"



def test_a_site_build_on_a_full_disk_takes_away_what_it_made(tmp_path: Path,
                                                             monkeypatch) -> None:
    import errno

    import cjm.site.build as build

    real, writes = build.write_atomically, []

    def full_disk(path: Path, data: bytes) -> None:
        writes.append(path)
        if len(writes) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(build, "write_atomically", full_disk)
    new = tmp_path / "site"
    result = run_cjm("site", str(SAMPLES / "sally.yaml"), str(SAMPLES / "sally-future.yaml"),
                     "-o", str(new), "--no-pdf")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "No space left on device" in result.stderr
    assert not new.exists()  # it made the folder, so all of it goes
    monkeypatch.setattr(build, "write_atomically", real)
    assert run_cjm("site", str(SAMPLES / "sally.yaml"), "-o", str(new), "--no-pdf"
                   ).returncode == 0
    before = sorted(new.rglob("*"))
    writes.clear()
    monkeypatch.setattr(build, "write_atomically", full_disk)
    assert run_cjm("site", str(SAMPLES / "sally.yaml"), str(SAMPLES / "sally-future.yaml"),
                   "-o", str(new), "--no-pdf").returncode == 1
    assert sorted(new.rglob("*")) == before  # an existing site: only what it added goes
