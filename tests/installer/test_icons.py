"""The .ico and .icns made from resources/icons, read back entry by entry."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from installer.icons import icns, ico, png_size, write_icons

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def test_the_ico_holds_each_size_as_png(tmp_path: Path) -> None:
    ico_path, _ = write_icons(ICONS, "kabaddi-live", tmp_path)
    data = ico_path.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 4)
    sides = []
    for index in range(count):
        width, height, _c, _r, planes, bits, size, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        image = data[offset : offset + size]
        assert png_size(image) == (width or 256, height or 256)
        assert (planes, bits) == (1, 32)
        sides.append(width or 256)
    assert sides == [32, 64, 128, 256]


def test_the_icns_holds_128_256_and_512(tmp_path: Path) -> None:
    _, icns_path = write_icons(ICONS, "kabaddi-live", tmp_path)
    data = icns_path.read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found, offset = [], 8
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        found.append((kind, png_size(data[offset + 8 : offset + length])))
        offset += length
    assert found == [(b"ic07", (128, 128)), (b"ic08", (256, 256)), (b"ic09", (512, 512))]


def test_sizes_the_formats_cannot_hold_are_refused() -> None:
    big = (ICONS / "kabaddi-live-512.png").read_bytes()
    with pytest.raises(ValueError, match="256 pixels at most"):
        ico([big])
    small = (ICONS / "kabaddi-live-32.png").read_bytes()
    with pytest.raises(ValueError, match="no icns type"):
        icns([small])
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a" + bytes(30))
