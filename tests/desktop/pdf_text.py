"""Just enough PDF reading to check the words Qt's PDF writer drew.

Qt writes each font as a Type0 font named ``/F<object number>`` with a ToUnicode
map of ``bfrange`` arrays, and draws text as ``<glyph ids> Tj``. This reads those,
page by page; it is not a general PDF parser.
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _stream(body: bytes) -> bytes:
    match = _STREAM.search(body)
    if match is None:
        return b""
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _unicode_map(cmap: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for start, end, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block
        ):
            first, last = int(start, 16), int(end, 16)
            if target.startswith("["):
                codes = re.findall(r"<([0-9A-Fa-f]+)>", target)
                for offset, code in enumerate(codes):
                    mapping[first + offset] = chr(int(code, 16))
            else:
                base = int(target[1:-1], 16)
                for offset in range(last - first + 1):
                    mapping[first + offset] = chr(base + offset)
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, code in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(glyph, 16)] = chr(int(code, 16))
    return mapping


def page_texts(data: bytes) -> list[str]:
    """The text of each page, glyphs in drawing order, one line per text object."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}
    fonts: dict[str, dict[int, str]] = {}
    for number, body in objects.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if b"/Type0" in body and ref:
            cmap = _stream(objects[int(ref.group(1))]).decode("latin-1")
            fonts[f"F{number}"] = _unicode_map(cmap)
    pages = []
    for body in objects.values():
        contents = re.search(rb"/Type /Page\b.*?/Contents (\d+) 0 R", body, re.S)
        if contents is None:
            continue
        stream = _stream(objects[int(contents.group(1))]).decode("latin-1")
        current: dict[int, str] = {}
        lines: list[str] = []
        for token in re.finditer(r"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]+)> Tj|(ET)", stream):
            font, glyphs, end = token.groups()
            if font:
                current = fonts.get(font, {})
            elif glyphs:
                ids = [int(glyphs[i : i + 4], 16) for i in range(0, len(glyphs), 4)]
                lines.append("".join(current.get(g, "?") for g in ids))
            elif end:
                lines.append("\n")
        pages.append("".join(lines))
    return pages
