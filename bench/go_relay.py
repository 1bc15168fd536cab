"""The original Go relay design (../shared/reference/seed-go-relay), built for the benchmarks.

It is a yardstick beside the minimal Python reference (``bench.reference_relay``): see
its README. Building needs Debian's ``golang-go`` and ``golang-github-gorilla-websocket-dev``
(``make bench`` installs them as root and runs ``python -m bench.go_relay``) and no
module download: GOPATH points at the Debian package's sources.

``python -m bench.go_relay`` builds it (or says why it cannot) and prints the binary's path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_NAME = Path("shared") / "reference" / "seed-go-relay"
BINARY = Path(tempfile.gettempdir()) / "kabaddi-bench" / "seed-go-relay"
DEBIAN_GOPATH = Path("/usr/share/gocode")


def source_dir() -> Path | None:
    """The Go source beside the project (``../shared/...``), looked for up the tree."""
    for folder in (ROOT, *ROOT.parents):
        candidate = folder / SOURCE_NAME
        if (candidate / "main.go").is_file():
            return candidate
    return None


def binary() -> Path | None:
    """The built relay, if it has been built."""
    return BINARY if BINARY.is_file() and os.access(BINARY, os.X_OK) else None


def build() -> Path:
    """Builds the Go relay into ``BINARY``; raises RuntimeError saying what is missing."""
    source = source_dir()
    if source is None:
        raise RuntimeError(f"no {SOURCE_NAME} beside {ROOT}: the Go reference is not here")
    go = shutil.which("go")
    if go is None:
        raise RuntimeError("no `go`: apt-get install golang-go golang-github-gorilla-websocket-dev")
    if not (DEBIAN_GOPATH / "src" / "github.com" / "gorilla" / "websocket").is_dir():
        raise RuntimeError(
            "no gorilla/websocket: apt-get install golang-github-gorilla-websocket-dev"
        )
    BINARY.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(DEBIAN_GOPATH),
        "GOCACHE": str(BINARY.parent / "go-cache"),
    }
    subprocess.run(
        [go, "build", "-o", str(BINARY), "."], cwd=source, env=env, check=True, timeout=600
    )
    return BINARY


def main() -> int:
    try:
        print(build())
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"the Go reference relay is not built: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
