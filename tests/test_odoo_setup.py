"""scripts/odoo_setup.sh: where the Odoo source of the .venv/ set-up comes from.

Fake source trees stand in for Odoo: only the layout is looked at here. The
download is exercised through a file:// URL, and its failure through a missing one.
"""

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def make_tree(top, official):
    """An Odoo 18 source layout: official (odoo/, addons/, setup.py) or with every
    addon inside odoo/addons."""
    (top / "odoo" / "addons" / "base").mkdir(parents=True)
    release = "version_info = (18, 0, 0, FINAL, 0, '')\n"
    (top / "odoo" / "release.py").write_text(release)
    (top / "requirements.txt").write_text("Werkzeug\n")
    if official:
        (top / "addons" / "web").mkdir(parents=True)
        (top / "setup.py").write_text("")
    return top


def odoo_source(tmp_path, **env):
    """Runs odoo_source() with .venv/ under tmp_path: (exit code, stdout, stderr)."""
    script = (
        f'source "{ROOT}/scripts/common.sh"; source "{ROOT}/scripts/odoo_setup.sh"; '
        f'VENV="{tmp_path}/venv"; PY="{sys.executable}"; odoo_source'
    )
    env = {**os.environ, "ODOO_SOURCE": "", **env}
    proc = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=False
    )
    return proc.returncode, proc.stdout.strip(), proc.stderr


@pytest.mark.parametrize("official", [True, False])
def test_a_directory_is_used_where_it_is(tmp_path, official):
    tree = make_tree(tmp_path / "src", official)
    rc, out, _ = odoo_source(tmp_path, ODOO_SOURCE=str(tree))
    assert rc == 0
    assert out == str(tree)
    assert not (tmp_path / "venv").exists()


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_an_archive_is_unpacked_into_the_venv(tmp_path, kind):
    tree = make_tree(tmp_path / "build" / "odoo-18.0.post20250819", official=True)
    archive = tmp_path / f"odoo_18.0.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(archive, "w") as z:
            for f in tree.rglob("*"):
                z.write(f, f.relative_to(tree.parent))
    else:
        with tarfile.open(archive, "w:gz") as t:
            t.add(tree, arcname=tree.name)
    rc, out, _ = odoo_source(tmp_path, ODOO_SOURCE=str(archive))
    assert rc == 0
    assert out == str(tmp_path / "venv" / "src" / "odoo" / tree.name)
    assert (Path(out) / "odoo" / "release.py").is_file()


def test_without_odoo_source_the_pinned_url_is_downloaded(tmp_path):
    tree = make_tree(tmp_path / "build" / "odoo-18.0", official=True)
    archive = tmp_path / "odoo_18.0.20250819.tar.gz"
    with tarfile.open(archive, "w:gz") as t:
        t.add(tree, arcname=tree.name)
    rc, out, _ = odoo_source(tmp_path, ODOO_URL=archive.as_uri())
    assert rc == 0
    assert (tmp_path / "venv" / "src" / archive.name).is_file()
    assert (Path(out) / "odoo" / "release.py").is_file()


def test_a_failed_download_says_what_to_do(tmp_path):
    url = (tmp_path / "gone.tar.gz").as_uri()
    rc, out, err = odoo_source(tmp_path, ODOO_URL=url)
    assert rc != 0
    assert out == ""
    assert url in err
    assert "ODOO_SOURCE=" in err and "PYTHON=" in err
    assert not (tmp_path / "venv" / "src" / "gone.tar.gz").exists()


def test_a_directory_without_odoo_is_refused(tmp_path):
    rc, out, err = odoo_source(tmp_path, ODOO_SOURCE=str(tmp_path))
    assert rc != 0
    assert "no odoo/release.py" in err
