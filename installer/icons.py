"""Application icons from ``resources/icons``: ``.ico`` for Windows, ``.icns`` for macOS.

Both formats may hold PNG images as they are (Windows Vista and later, macOS 10.7 and
later), so no image library is needed.
"""

from __future__ import annotations

import struct
from pathlib import Path

ICO_SIZES = (32, 64, 128, 256)
# The icns types that hold a PNG of each size (ic07: 128, ic08: 256, ic09: 512).
ICNS_TYPES = {128: b"ic07", 256: b"ic08", 512: b"ic09"}


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def ico(pngs: list[bytes]) -> bytes:
    """An .ico holding ``pngs`` (square, 256 pixels at most)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, offset = b"", 6 + 16 * len(pngs)
    for png in pngs:
        width, height = png_size(png)
        if width != height or width > 256:
            raise ValueError(
                f"an .ico image must be square and 256 pixels at most: {width}x{height}"
            )
        side = 0 if width == 256 else width  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(pngs)


def icns(pngs: list[bytes]) -> bytes:
    """An .icns holding ``pngs`` (128, 256 or 512 pixels square)."""
    chunks = b""
    for png in pngs:
        width, height = png_size(png)
        kind = ICNS_TYPES.get(width)
        if kind is None or width != height:
            raise ValueError(f"no icns type for a {width}x{height} image")
        chunks += kind + struct.pack(">I", 8 + len(png)) + png
    return b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks


def write_icons(icons: Path, name: str, work: Path) -> tuple[Path, Path]:
    """``work/NAME.ico`` and ``work/NAME.icns`` from ``icons/NAME-SIZE.png``."""
    png = {size: (icons / f"{name}-{size}.png").read_bytes() for size in (32, 64, 128, 256, 512)}
    ico_path, icns_path = work / f"{name}.ico", work / f"{name}.icns"
    ico_path.write_bytes(ico([png[size] for size in ICO_SIZES]))
    icns_path.write_bytes(icns([png[size] for size in sorted(ICNS_TYPES)]))
    return ico_path, icns_path
