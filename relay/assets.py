"""The viewer pages' files as the relay serves them: versioned, validated and compressed.

The files stay plain files that can be edited in place. When one is served, the
references in it to other files of the folder (``src``/``href`` in HTML, ``import``
in JavaScript, ``url()`` in CSS) get ``?v=`` and a hash of what that file serves,
itself with its own references versioned. A page thus names exactly the bytes it
needs: a versioned URL can be cached for a year, and an edit to any file changes the
URL of every file that leads to it. Each answer carries a strong ``ETag`` (a hash of
its bytes), ``Last-Modified`` and, for text, a gzip copy made once.

A file is built again when it or anything it refers to changes on disk (checked by
``stat`` on every request, so an edit shows on the next load).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

VERSION_LENGTH = 12
_SEGMENT = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
# What a reference looks like in each kind of file: "pre", the referenced "name", "post".
_NAME = r"(?P<name>(?:[A-Za-z0-9_][A-Za-z0-9_-]*/)?[A-Za-z0-9_][A-Za-z0-9_.-]*)"
_REFERENCES = {
    ".html": re.compile(rf"""(?P<pre>\b(?:src|href)=(?P<q>["']))(?:\./)?{_NAME}(?P<post>(?P=q))"""),
    ".js": re.compile(
        rf"""(?P<pre>(?:\bfrom|\bimport)\s*\(?\s*(?P<q>["'])\./){_NAME}(?P<post>(?P=q))"""
    ),
    ".css": re.compile(rf"""(?P<pre>\burl\(\s*["']?){_NAME}(?P<post>["']?\s*\))"""),
}
_TEXT_SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".webmanifest", ".txt"}


@dataclass(frozen=True)
class Asset:
    """One file as served: its bytes, a hash of them, and when it (or a reference) changed."""

    body: bytes
    digest: str  # hex sha-256 of ``body``
    modified: float  # the newest mtime of the file and the files it refers to
    text: bool
    _gzipped: list[bytes] = field(default_factory=list, compare=False, repr=False)

    @property
    def version(self) -> str:
        return self.digest[:VERSION_LENGTH]

    def gzipped(self) -> bytes:
        """The body gzipped, made on first use and kept (mtime 0: same bytes every time)."""
        if not self._gzipped:
            self._gzipped.append(gzip.compress(self.body, compresslevel=9, mtime=0))
        return self._gzipped[0]


@dataclass(frozen=True)
class _Built:
    asset: Asset
    stamp: tuple[int, int]  # (mtime_ns, size) of the file it was built from
    references: tuple[tuple[str, str], ...]  # (name, version) it was built with


class Assets:
    """The files directly in ``folder`` or below it, built on demand and kept while unchanged.

    Thread-safe: the HTTP routes read files in worker threads.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._built: dict[str, _Built] = {}
        self._lock = threading.RLock()

    def get(self, name: str) -> Asset | None:
        """The file ``name`` (``a/b.json`` for sub-folders), or None if it is not servable."""
        path = self._path(name)
        if path is None:
            return None
        with self._lock:
            return self._get(name, path, set())

    def _path(self, name: str) -> Path | None:
        parts = name.split("/")
        if not all(_SEGMENT.match(part) for part in parts):
            return None
        try:
            root = self._folder.resolve()
            path = root.joinpath(*parts)
            # No symbolic links out of (or within) the folder: what is served is what is here.
            if not path.is_file() or path.resolve() != path:
                return None
        except OSError:
            return None
        return path

    def _get(self, name: str, path: Path, visiting: set[str]) -> Asset | None:
        try:
            status = path.stat()
        except OSError:
            return None
        stamp = (status.st_mtime_ns, status.st_size)
        built = self._built.get(name)
        if built is not None and built.stamp == stamp and self._current(built, visiting | {name}):
            return built.asset
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        built = self._build(name, path, raw, stamp, status.st_mtime, visiting | {name})
        self._built[name] = built
        return built.asset

    def _current(self, built: _Built, visiting: set[str]) -> bool:
        for reference, version in built.references:
            if reference in visiting:
                continue
            asset = self._reference(reference, visiting)
            if asset is None or asset.version != version:
                return False
        return True

    def _reference(self, name: str, visiting: set[str]) -> Asset | None:
        path = self._path(name)
        return None if path is None else self._get(name, path, visiting)

    def _build(
        self,
        name: str,
        path: Path,
        raw: bytes,
        stamp: tuple[int, int],
        mtime: float,
        visiting: set[str],
    ) -> _Built:
        pattern = _REFERENCES.get(path.suffix.lower())
        references: dict[str, str] = {}
        modified = mtime
        body = raw
        if pattern is not None:
            text = raw.decode("utf-8", errors="surrogateescape")
            folder = name.rpartition("/")[0]

            def versioned(found: re.Match[str]) -> str:
                nonlocal modified
                referenced = found.group("name")
                target = f"{folder}/{referenced}" if folder else referenced
                # A file that refers back to one being built (an import cycle) keeps its
                # plain reference: it is then checked by its ETag instead of cached for long.
                if target in visiting:
                    return found.group(0)
                asset = self._reference(target, visiting)
                if asset is None:
                    return found.group(0)
                references[target] = asset.version
                modified = max(modified, asset.modified)
                as_written = found.string[found.end("pre") : found.end("name")]
                return f"{found.group('pre')}{as_written}?v={asset.version}{found.group('post')}"

            body = pattern.sub(versioned, text).encode("utf-8", errors="surrogateescape")
        asset = Asset(
            body=body,
            digest=hashlib.sha256(body).hexdigest(),
            modified=modified,
            text=path.suffix.lower() in _TEXT_SUFFIXES,
        )
        return _Built(asset, stamp, tuple(sorted(references.items())))
