"""Real disks that fail on cue: a small tmpfs to fill, an ext4 image that turns read-only.

Both need root (mount, losetup); the tests that use them skip, saying so, without it.
A tmpfs cannot be remounted read-only while SQLite has the database open for writing
(the kernel answers EBUSY, for a read-only bind mount too), so the read-only disk is an
ext4 image mounted with ``errors=remount-ro``: an error reported on it makes the kernel
turn it read-only under the open files, as a failing disk at a venue would.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CHUNK = 64 * 1024


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def need_root(what: str) -> None:
    if not hasattr(os, "geteuid"):
        pytest.skip(f"{what} needs Linux (mount, losetup): not on {sys.platform}")
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root (mount)")


def mount_or_skip(*command: str) -> None:
    done = run(*command)
    if done.returncode != 0:
        pytest.skip(f"{' '.join(command)} failed here: {done.stderr.strip()}")


def unmount(where: Path) -> None:
    done = run("umount", str(where))
    assert done.returncode == 0, f"umount {where}: {done.stderr.strip()}"


def clean_up(where: Path) -> None:
    """Unmount after the test, even when a failed test left a relay with files open."""
    if run("umount", str(where)).returncode != 0:
        run("umount", "--lazy", str(where))


@contextmanager
def small_tmpfs(where: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` for the block."""
    need_root("a small tmpfs")
    where.mkdir(parents=True)
    mount_or_skip("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    try:
        yield where
    finally:
        clean_up(where)


def fill(disk: Path) -> Path:
    """Write a file until the disk has no byte left; remove it to free the space."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    limit = shutil.disk_usage(disk).total // CHUNK + 16
    try:
        with pytest.raises(OSError, match="No space left") as full:  # noqa: PT012
            for _ in range(limit):
                os.write(fd, b"\0" * CHUNK)
    finally:
        os.close(fd)
    assert full.value.errno == errno.ENOSPC, full.value
    assert shutil.disk_usage(disk).free < CHUNK
    return filler


@dataclass
class Ext4Disk:
    device: str  # /dev/loopN
    image: Path
    where: Path

    def turn_read_only(self) -> None:
        """Report an error on the filesystem: the kernel turns it read-only at once."""
        trigger = Path("/sys/fs/ext4") / Path(self.device).name / "trigger_fs_error"
        if not trigger.exists():
            pytest.skip(f"{trigger} is missing: this kernel cannot fail an ext4 on cue")
        trigger.write_text("test: the data disk failed\n")
        with pytest.raises(OSError, match="Read-only file system"):
            (self.where / "probe").touch()

    def repair(self) -> None:
        """Once nothing has it open: check the filesystem and mount it again, writable."""
        unmount(self.where)
        checked = run("e2fsck", "-fy", str(self.image))
        assert checked.returncode in (0, 1), checked.stdout + checked.stderr  # 1: fixed
        mounted = run("mount", "-o", "errors=remount-ro", self.device, str(self.where))
        assert mounted.returncode == 0, mounted.stderr


@contextmanager
def ext4_image(where: Path, size_mb: int = 16) -> Iterator[Ext4Disk]:
    """An ext4 image on a loop device, mounted at ``where`` with ``errors=remount-ro``."""
    need_root("an ext4 image on a loop device")
    for tool in ("mkfs.ext4", "e2fsck", "losetup"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    image = where.with_name(where.name + ".img")
    with image.open("wb") as file:
        file.truncate(size_mb << 20)
    made = run("mkfs.ext4", "-q", "-F", "-O", "^has_journal", str(image))
    assert made.returncode == 0, made.stderr
    attached = run("losetup", "--find", "--show", str(image))
    if attached.returncode != 0:
        pytest.skip(f"no loop device here: {attached.stderr.strip()}")
    device = attached.stdout.strip()
    try:
        where.mkdir(parents=True)
        mount_or_skip("mount", "-o", "errors=remount-ro", device, str(where))
        try:
            yield Ext4Disk(device, image, where)
        finally:
            clean_up(where)
    finally:
        run("losetup", "--detach", device)
