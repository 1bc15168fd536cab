"""Build the installable Kabaddi Live bundle for the platform this runs on.

    python build_installer.py            # or: make installer

Stages: check the tools, bundle with PyInstaller (one folder holding the scorer app
``kabaddi-scorer`` with its embedded relay, viewer pages, fonts and icons, and the
headless ``kabaddi-relay``), smoke-test the bundle, then pack it the way the platform
installs things: a ``.tar.gz`` and, where ``dpkg-deb`` exists, a ``.deb`` on Linux;
an Inno Setup installer on Windows (:mod:`installer.windows`; the executables carry
an icon and a version resource); ``Kabaddi Live.app`` in a disk image on macOS
(:mod:`installer.macos`). Code signing runs only when a certificate is configured
(:mod:`installer.signing` says how); without one nothing is signed.

Everything is built in ``build/installer`` and only moved into ``dist/`` once it
is complete and has passed the smoke test, so a failed build never leaves an
artifact that looks whole.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from installer.icons import write_icons
from installer.macos import APP_BUNDLE, BUNDLE_ID, dmg_command, entitlements_bytes, info_plist
from installer.signing import Signing
from installer.windows import INNO_COMPILERS, inno_script, version_file

ROOT = Path(__file__).resolve().parent
LINUX: bool = sys.platform.startswith("linux")
WINDOWS: bool = sys.platform == "win32"
MACOS: bool = sys.platform == "darwin"
APP = "kabaddi-live"
SCORER = "kabaddi-scorer"
RELAY = "kabaddi-relay"
STAGES = ("Checking tools", "Bundling", "Smoke test", "Packing")
# What the app never imports but a developer's environment has: keep it out.
EXCLUDED_MODULES = (
    "tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_asyncio",
    "hypothesis",
    "playwright",
    "mypy",
    "ruff",
    "setuptools",
    "pip",
    "IPython",
    "numpy",
    "PIL",
    "bench",
    "tests",
)
# keyring's Secret Service backend (Linux) and what it needs: 10 MB of cryptography for
# a token. The Linux package keeps scorer tokens in the app's settings instead;
# Windows and macOS reach their keyrings through ctypes and keep theirs.
LINUX_EXCLUDED_MODULES = ("secretstorage", "jeepney", "cryptography")
# Native files pulled in by Qt's GTK theme plugin; the app draws with Qt alone.
EXCLUDED_BINARIES = (
    r"platformthemes[/\\]libqgtk",
    r"(^|[/\\])lib(gtk|gdk|gdk_pixbuf|atk|cairo|cairo-gobject|pango|pangocairo|pangoft2|harfbuzz|epoxy)-?[0-9.]*\.so",
)
# Qt's own translations: the app's text is English and Qt's dialogs follow it.
EXCLUDED_DATA = (r"PySide6[/\\]Qt[/\\]translations",)


class BuildError(Exception):
    """A stage failed; the message says what to do."""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    version = project_version()
    if args.version:
        print(version)
        return 0
    try:
        artifacts = build(version, args.dist.resolve(), args.work.resolve(), args.smoke)
    except BuildError as exc:
        print(f"\nbuild_installer: {exc}", file=sys.stderr)
        return 1
    print(f"\nBuilt Kabaddi Live {version} for {platform_tag()}:")
    for path in artifacts:
        print(f"  {path}  {human_size(size_of(path))}")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where artifacts go")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    parser.add_argument("--no-smoke", dest="smoke", action="store_false", help="skip smoke test")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    return parser.parse_args(argv)


def build(version: str, dist: Path, work: Path, smoke: bool) -> list[Path]:
    stage(1, "PyInstaller, Python and packaging tools")
    check_tools()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    stage(2, "PyInstaller one-folder bundle (about a minute)")
    bundle = run_pyinstaller(work, version)
    print(f"  bundle: {human_size(size_of(bundle))} unpacked")

    stage(3, "the app's --self-test and the relay's /healthz" if smoke else "skipped")
    if smoke:
        smoke_test(bundle, version)

    stage(4, "archives for this platform")
    name = f"{APP}-{version}-{platform_tag()}"
    signing = Signing(sys.platform, os.environ)
    if not signing.configured and not LINUX:
        print("  no signing certificate configured: nothing is signed (installer/signing.py)")
    if WINDOWS:
        packed = [pack_windows(bundle, work, name, version, signing)]
    elif MACOS:
        packed = [pack_macos(work / "dist" / APP_BUNDLE, work, name, signing)]
    else:
        packed = [pack_archive(bundle, work / name)]
    if LINUX and shutil.which("dpkg-deb"):
        packed.append(pack_deb(bundle, work, version))
    elif LINUX:
        print("  dpkg-deb not found: no .deb (install dpkg to get one)")
    dist.mkdir(parents=True, exist_ok=True)
    if LINUX:
        print(f"  needs glibc {required_glibc(bundle)} or newer on the target machine")
    folder = work / name
    bundle.rename(folder)
    return [publish(path, dist) for path in [folder, *packed]]


def stage(number: int, what: str) -> None:
    print(f"[{number}/{len(STAGES)}] {STAGES[number - 1]}: {what}", flush=True)


def check_tools() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError(
            "PyInstaller is not installed in this Python. Run `make installer`, or "
            f"`{sys.executable} -m pip install -e '.[build]'`, then try again."
        )
    for package in ("relay", "desktop"):
        if not (ROOT / package / "__main__.py").exists():
            raise BuildError(f"{package}/__main__.py is missing: nothing to bundle.")


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    with pyproject.open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform)
    return f"{system or sys.platform}-{platform.machine().lower()}"


# --- PyInstaller ------------------------------------------------------------------


def run_pyinstaller(work: Path, version: str) -> Path:
    spec = write_spec(work, version)
    log = work / "pyinstaller.log"
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--distpath",
        str(work / "dist"),
        "--workpath",
        str(work / "pyi"),
        str(spec),
    ]
    with log.open("w") as output:
        done = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
    if done.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise BuildError(f"PyInstaller failed (full log: {log}):\n{tail}")
    return work / "dist" / APP


def write_spec(work: Path, version: str) -> Path:
    entries = {}
    versions = {}
    for command, package in ((SCORER, "desktop"), (RELAY, "relay")):
        entry = work / f"{command.replace('-', '_')}.py"
        entry.write_text(
            f"import sys\nfrom {package}.__main__ import main\n\nsys.exit(main())\n",
            encoding="utf-8",
        )
        entries[command] = entry
        versions[command] = work / f"{command}-version.txt"
        versions[command].write_text(version_file(version, command), encoding="utf-8")
    ico, icns = write_icons(ROOT / "resources" / "icons", APP, work)
    # Windows: an icon and a version resource in each .exe; macOS: the .app bundle.
    windows_only = {"icon": str(ico)} if WINDOWS else {}
    scorer_extra = {**windows_only, "version": str(versions[SCORER])} if WINDOWS else {}
    relay_extra = {**windows_only, "version": str(versions[RELAY])} if WINDOWS else {}
    bundle_app = (
        f"BUNDLE(collected, name={APP_BUNDLE!r}, icon={str(icns)!r}, "
        f"bundle_identifier={BUNDLE_ID!r}, version={version!r}, "
        f"info_plist={info_plist(version)!r})"
        if MACOS
        else ""
    )
    unused_qt = sorted(qt_modules_installed() - qt_modules_used())
    spec = work / f"{APP}.spec"
    spec.write_text(
        textwrap.dedent(
            f"""\
            # Written by build_installer.py; edit that instead.
            import re
            from PyInstaller.utils.hooks import copy_metadata

            excluded = {list(EXCLUDED_MODULES) + (list(LINUX_EXCLUDED_MODULES) if LINUX else [])!r}
            unused_qt = {unused_qt!r}
            drop_binary = re.compile({"|".join(EXCLUDED_BINARIES)!r})
            drop_data = re.compile({"|".join(EXCLUDED_DATA)!r})
            datas = [({str(ROOT / "resources")!r}, "resources")] + copy_metadata({APP!r})

            scorer = Analysis([{str(entries[SCORER])!r}], pathex=[{str(ROOT)!r}], datas=datas,
                              excludes=excluded + unused_qt)
            relay = Analysis([{str(entries[RELAY])!r}], pathex=[{str(ROOT)!r}], datas=datas,
                             excludes=excluded + ["PySide6", "shiboken6", "qasync", "desktop"])
            for analysis in (scorer, relay):
                analysis.binaries = [b for b in analysis.binaries if not drop_binary.search(b[0])]
                analysis.datas = [d for d in analysis.datas if not drop_data.search(d[0])]

            scorer_exe = EXE(PYZ(scorer.pure), scorer.scripts, [], exclude_binaries=True,
                             name={SCORER!r}, console=False, strip={LINUX}, **{scorer_extra!r})
            relay_exe = EXE(PYZ(relay.pure), relay.scripts, [], exclude_binaries=True,
                            name={RELAY!r}, console=True, strip={LINUX}, **{relay_extra!r})
            collected = COLLECT(scorer_exe, scorer.binaries, scorer.datas,
                                relay_exe, relay.binaries, relay.datas, name={APP!r},
                                strip={LINUX})
            {bundle_app}
            """
        ),
        encoding="utf-8",
    )
    return spec


def qt_modules_installed() -> set[str]:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise BuildError("PySide6 is not installed: run `make run` once to create the venv.")
    folder = Path(spec.origin).parent
    return {
        f"PySide6.{p.name.split('.')[0]}"
        for p in folder.glob("Qt*.*")
        if p.suffix in (".so", ".pyd")
    }


def qt_modules_used() -> set[str]:
    """The PySide6 modules the desktop app imports, read from its source."""
    used = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"}
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                used.add(".".join(str(node.module).split(".")[:2]))
            elif isinstance(node, ast.ImportFrom) and node.module == "PySide6":
                used.update(f"PySide6.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                used.update(
                    ".".join(a.name.split(".")[:2])
                    for a in node.names
                    if a.name.startswith("PySide6.")
                )
    return used


# --- smoke test -------------------------------------------------------------------


def smoke_test(bundle: Path, version: str) -> None:
    """The built programs run. The scorer is windowed: on Windows it has no console and
    answers in its log file (``--data-dir``/logs/scorer.log) instead."""
    scorer, relay = executable(bundle, SCORER), executable(bundle, RELAY)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as home:
        env.update(HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, APPDATA=home)
        data = ["--data-dir", str(Path(home) / "scorer")]
        log = Path(home) / "scorer" / "logs" / "scorer.log"
        for program, extra in ((scorer, data), (relay, [])):
            shown = run_quietly([str(program), "--version", *extra], timeout=60, env=env)
            shown += read_text(log) if program == scorer else ""
            if version not in shown:
                raise BuildError(f"{program.name} --version printed {shown!r}, not {version}")
        print("  kabaddi-scorer --self-test ...", flush=True)
        shown = run_quietly([str(scorer), "--self-test", *data], timeout=180, env=env)
        if "self-test passed" not in shown + read_text(log):
            raise BuildError(f"kabaddi-scorer --self-test did not say it passed: {shown!r}")
        print("  kabaddi-relay: start, /healthz, stop ...", flush=True)
        with running_relay(relay, Path(home), env) as port:
            status = healthz(port)
        if status != 200:
            raise BuildError(f"the built relay answered /healthz with {status}")
    print("  smoke test passed")


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def healthz(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as reply:
        return int(reply.status)


def executable(bundle: Path, name: str) -> Path:
    path = bundle / (f"{name}.exe" if WINDOWS else name)
    if not path.exists():
        raise BuildError(f"the bundle has no {path.name}: see build/installer/pyinstaller.log")
    return path


def run_quietly(command: list[str], timeout: float, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise BuildError(f"`{' '.join(command)}` did not finish in {timeout:.0f} s") from None
    if done.returncode != 0:
        raise BuildError(
            f"`{' '.join(command)}` failed with exit code {done.returncode}:\n"
            f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return done.stdout + done.stderr


@contextmanager
def running_relay(relay: Path, data: Path, env: dict[str, str]) -> Iterator[int]:
    """The built relay on a port it picks (one picked here could be taken meanwhile)."""
    command = [
        str(relay),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--data-dir",
        str(data / "relay"),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**env, "KABADDI_TOKEN": "smoke-test"},  # not on the command line: ps shows it
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        bound = re.search(r"http://127\.0\.0\.1:([0-9]+)/", banner)
        if bound is None:
            raise BuildError(f"the built relay did not start: {banner!r}")
        yield int(bound[1])
    finally:
        process.terminate()  # SIGTERM: the relay closes its connections and exits 0
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise BuildError("the built relay did not stop within 30 s of SIGTERM") from None
    if code != 0 and not WINDOWS:  # Windows has no SIGTERM: terminate() is a hard stop there
        raise BuildError(f"the built relay exited with {code} on SIGTERM")


# --- packing ----------------------------------------------------------------------


def pack_archive(bundle: Path, base: Path) -> Path:
    """Linux: the folder as a .tar.gz (Windows and macOS get installers instead)."""
    target = base.with_name(base.name + ".tar.gz")
    with tarfile.open(target, "w:gz") as archive:
        archive.add(bundle, arcname=base.name)
    return target


def run_signing(signing: Signing, commands: list[list[str]]) -> None:
    for command in commands:
        print(f"  {signing.shown(command)}", flush=True)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            output = (done.stdout + done.stderr).strip()[-2000:]
            raise BuildError(f"signing failed ({signing.shown(command[:2])}):\n{output}")


def inno_compiler() -> Path:
    found = shutil.which("iscc") or next((c for c in INNO_COMPILERS if Path(c).exists()), None)
    if found is None:
        raise BuildError(
            "Inno Setup 6 is not installed (its compiler ISCC.exe makes the installer): "
            "install it from jrsoftware.org or with `choco install innosetup`, then try again."
        )
    return Path(found)


def pack_windows(bundle: Path, work: Path, name: str, version: str, signing: Signing) -> Path:
    """The Inno Setup installer of the bundle (executables signed first, if configured)."""
    executables = [executable(bundle, SCORER), executable(bundle, RELAY)]
    run_signing(signing, signing.sign_files(executables))
    script = work / f"{APP}.iss"
    script.write_text(
        inno_script(version, bundle, work, f"{name}-setup", work / f"{APP}.ico"),
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(inno_compiler()), "/Q", str(script)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BuildError(f"Inno Setup failed:\n{(done.stdout + done.stderr)[-3000:]}")
    setup = work / f"{name}-setup.exe"
    run_signing(signing, signing.sign_files([setup]))
    return setup


def pack_macos(app: Path, work: Path, name: str, signing: Signing) -> Path:
    """``Kabaddi Live.app`` in a disk image beside a link to /Applications."""
    if not app.is_dir():
        raise BuildError(f"PyInstaller made no {app.name}: see build/installer/pyinstaller.log")
    entitlements = work / "entitlements.plist"
    entitlements.write_bytes(entitlements_bytes())
    run_signing(signing, signing.sign_files([app], entitlements))
    staging = work / "dmg"
    staging.mkdir()
    shutil.copytree(app, staging / app.name, symlinks=True)  # Qt's frameworks need the links
    (staging / "Applications").symlink_to("/Applications")
    dmg = work / f"{name}.dmg"
    done = subprocess.run(dmg_command(staging, dmg), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"hdiutil failed: {(done.stdout + done.stderr).strip()}")
    run_signing(signing, signing.sign_files([dmg]))
    run_signing(signing, signing.notarize(dmg))
    return dmg


def pack_deb(bundle: Path, work: Path, version: str) -> Path:
    root = work / "deb"
    opt = root / "opt" / APP
    shutil.copytree(bundle, opt, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    for command in (SCORER, RELAY):
        (root / "usr" / "bin" / command).symlink_to(f"/opt/{APP}/{command}")
    icons = root / "usr" / "share" / "icons" / "hicolor"
    for size in (64, 128, 256, 512):
        folder = icons / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "resources" / "icons" / f"{APP}-{size}.png", folder / f"{APP}.png")
    docs = root / "usr" / "share" / "doc" / APP
    docs.mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "deploy.md", docs / "deploy.md")
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{APP}.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    # The relay as a service for a server; installed disabled (no postinst enables it).
    units = root / "usr" / "lib" / "systemd" / "system"
    units.mkdir(parents=True)
    (units / f"{RELAY}.service").write_text(RELAY_UNIT, encoding="utf-8")
    defaults = root / "etc" / "default"
    defaults.mkdir(parents=True)
    (defaults / RELAY).write_text(RELAY_DEFAULTS, encoding="utf-8")
    control = root / "DEBIAN"
    control.mkdir()
    (control / "conffiles").write_text(f"/etc/default/{RELAY}\n", encoding="utf-8")
    (control / "control").write_text(
        DEB_CONTROL.format(
            version=version,
            arch=deb_architecture(),
            size=size_of(opt) // 1024,
            glibc=required_glibc(opt),
        ),
        encoding="utf-8",
    )
    target = work / f"{APP}_{version}_{deb_architecture()}.deb"
    done = subprocess.run(
        ["dpkg-deb", "--root-owner-group", "--build", str(root), str(target)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BuildError(f"dpkg-deb failed: {done.stderr.strip()}")
    return target


def required_glibc(bundle: Path) -> str:
    """The newest glibc symbol version any bundled binary needs (from its version strings)."""
    newest = (2, 17)
    pattern = re.compile(rb"GLIBC_2\.([0-9]+)")
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.suffix not in (".py", ".pyc", ".png"):
            for minor in pattern.findall(path.read_bytes()):
                newest = max(newest, (2, int(minor)))
    return f"{newest[0]}.{newest[1]}"


def deb_architecture() -> str:
    machine = platform.machine().lower()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=Kabaddi Live Scorer
GenericName=Kabaddi scoring
Comment=Score kabaddi matches live for viewers and streams
Exec=kabaddi-scorer
Icon=kabaddi-live
Terminal=false
Categories=Sports;Utility;
"""

RELAY_UNIT = """\
[Unit]
Description=Kabaddi Live relay: scorers and viewers of live matches
Documentation=file:///usr/share/doc/kabaddi-live/deploy.md
After=network-online.target redis-server.service
Wants=network-online.target

[Service]
Type=simple
EnvironmentFile=-/etc/default/kabaddi-relay
ExecStart=/usr/bin/kabaddi-relay --data-dir /var/lib/kabaddi-relay $KABADDI_RELAY_OPTIONS
# SIGTERM: every connection is closed with 1001 and the store is flushed.
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=2
DynamicUser=yes
StateDirectory=kabaddi-relay
StateDirectoryMode=0700
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
"""

RELAY_DEFAULTS = """\
# Options of the kabaddi-relay service (kabaddi-relay --help; deploy.md in
# /usr/share/doc/kabaddi-live). The service is installed disabled; once this file
# says what you want:  sudo systemctl enable --now kabaddi-relay
#
# One process, matches in SQLite under /var/lib/kabaddi-relay:
KABADDI_RELAY_OPTIONS="--host 0.0.0.0 --port 3000"
# Several processes (or machines) sharing matches through Redis:
#KABADDI_RELAY_OPTIONS="--host 0.0.0.0 --port 3000 --redis redis://127.0.0.1:6379/0 --workers 2"
#
# The scorer token; without it one is made once and kept (in Redis with --redis).
#KABADDI_TOKEN=
"""

DEB_CONTROL = """\
Package: kabaddi-live
Version: {version}
Architecture: {arch}
Maintainer: Kabaddi Live <support@kabaddi.live>
Installed-Size: {size}
Depends: libc6 (>= {glibc}), libegl1, libfontconfig1, libxkbcommon0, libxcb-cursor0
Section: misc
Priority: optional
Description: Live kabaddi scoring: scorer app and relay
 Scorers record every raid in the desktop app; the relay checks each event
 against the kabaddi rules, stores it and broadcasts the match to browser
 viewers, the venue screen and streaming overlays.
"""


def publish(path: Path, dist: Path) -> Path:
    """Move a finished artifact into ``dist``, replacing an older one of the same name.

    Across file systems the copy goes to a ``.partial`` name first and is renamed
    only when complete, so ``dist`` never shows a half-copied artifact.
    """
    target = dist / path.name
    partial = dist / f".{path.name}.partial"
    for stale in (partial, target):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    try:
        path.rename(target)
    except OSError:  # another file system
        shutil.move(str(path), str(partial))
        partial.rename(target)
    return target


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


if __name__ == "__main__":
    started = time.monotonic()
    status = main()
    print(f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    raise SystemExit(status)
