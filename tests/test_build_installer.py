"""The installer build: the whole PyInstaller build, its smoke test, and the packages."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import build_installer
from relay.version import package_version

ROOT = Path(__file__).resolve().parent.parent
needs_pyinstaller = pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller is not installed"
)


def test_version_comes_from_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[build-system]\nrequires = ["setuptools"]\n\n'
        '[project]\nname = "kabaddi-live"\nversion = "3.1.4"\n'
        '\n[tool.other]\nversion = "9.9.9"\n'
    )
    assert build_installer.project_version(pyproject) == "3.1.4"


def test_packages_carry_the_version_the_app_reports() -> None:
    # The installed app shows its version from the package metadata (About box, relay);
    # the installer names its packages from pyproject.toml: the two must agree.
    assert build_installer.project_version() == package_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", package_version())


def test_only_the_qt_modules_the_app_imports_are_bundled() -> None:
    used = build_installer.qt_modules_used()
    assert {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"} <= used
    unused = build_installer.qt_modules_installed() - used
    assert "PySide6.QtQml" in unused
    assert "PySide6.QtQuick" in unused


def test_a_missing_tool_fails_with_advice_and_leaves_nothing(tmp_path: Path) -> None:
    # A Python without PyInstaller: the build stops at the first stage.
    script = (
        "import sys, importlib.util; importlib.util.find_spec = lambda name, *a: None;"
        "import build_installer;"
        f"sys.exit(build_installer.main(['--dist', {str(tmp_path / 'dist')!r},"
        f" '--work', {str(tmp_path / 'work')!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 1
    assert "PyInstaller is not installed" in done.stderr
    assert "pip install" in done.stderr
    assert not (tmp_path / "dist").exists()


@pytest.mark.slow
@pytest.mark.timeout(900)  # as long as the build's own limit: a loaded machine builds slowly
@needs_pyinstaller
def test_full_build_passes_its_smoke_test_and_packs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "build_installer.py", "--dist", str(dist), "--work", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for number, name in enumerate(build_installer.STAGES, 1):
        assert f"[{number}/4] {name}" in done.stdout
    assert "smoke test passed" in done.stdout
    assert "needs glibc 2." in done.stdout

    version = build_installer.project_version()
    tag = build_installer.platform_tag()
    folder = dist / f"kabaddi-live-{version}-{tag}"
    assert (folder / "kabaddi-scorer").is_file()
    assert (folder / "kabaddi-relay").is_file()
    bundle_size = build_installer.size_of(folder)
    assert bundle_size < 150 * 1024 * 1024, f"bundle is {bundle_size / 2**20:.0f} MB"
    assert not list(folder.rglob("libqgtk3*")), "GTK theme plugin leaked into the bundle"

    with tarfile.open(dist / f"kabaddi-live-{version}-{tag}.tar.gz") as archive:
        names = archive.getnames()
    assert f"kabaddi-live-{version}-{tag}/kabaddi-scorer" in names
    assert any(name.endswith("resources/viewer/viewer.html") for name in names)

    debs = list(dist.glob("*.deb"))
    if debs:
        contents = subprocess.run(
            ["dpkg-deb", "--contents", str(debs[0])], capture_output=True, text=True, check=True
        ).stdout
        assert "./usr/share/applications/kabaddi-live.desktop" in contents
        assert "./opt/kabaddi-live/kabaddi-relay" in contents
        assert "./usr/share/icons/hicolor/256x256/apps/kabaddi-live.png" in contents
        # The relay's service ships disabled: a unit and its options, nothing that enables it.
        assert "./usr/lib/systemd/system/kabaddi-relay.service" in contents
        assert "./etc/default/kabaddi-relay" in contents
        assert "./usr/share/doc/kabaddi-live/deploy.md" in contents
        assert "./etc/systemd/system" not in contents
        scripts = subprocess.run(
            ["dpkg-deb", "--info", str(debs[0])], capture_output=True, text=True, check=True
        ).stdout
        assert "postinst" not in scripts
        depends = subprocess.run(
            ["dpkg-deb", "--field", str(debs[0]), "Depends"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert f"libc6 (>= {build_installer.required_glibc(folder)})" in depends
    for line in done.stdout.splitlines()[-4:]:
        if line.strip().startswith(str(dist)):
            assert line.rstrip().endswith(("MB", "KB", "B"))


@pytest.mark.parametrize("target", ["windows", "macos", "linux"])
def test_the_spec_gives_each_platform_its_icons_and_version(
    target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_installer, "WINDOWS", target == "windows")
    monkeypatch.setattr(build_installer, "MACOS", target == "macos")
    monkeypatch.setattr(build_installer, "LINUX", target == "linux")
    spec = build_installer.write_spec(tmp_path, "1.4.2").read_text(encoding="utf-8")
    ast.parse(spec)  # PyInstaller runs it as Python
    windows_exe = f"'icon': {str(tmp_path / 'kabaddi-live.ico')!r}"
    assert (windows_exe in spec) == (target == "windows")
    assert (f"'version': {str(tmp_path / 'kabaddi-relay-version.txt')!r}" in spec) == (
        target == "windows"
    )
    assert ("BUNDLE(collected, name='Kabaddi Live.app'" in spec) == (target == "macos")
    if target == "macos":
        assert "'NSBonjourServices': ['_kabaddi._tcp']" in spec
        assert f"icon={str(tmp_path / 'kabaddi-live.icns')!r}" in spec
    assert "FileDescription', 'Kabaddi Live relay'" in (
        tmp_path / "kabaddi-relay-version.txt"
    ).read_text(encoding="utf-8")
