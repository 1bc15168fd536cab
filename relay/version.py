"""The installed version of Kabaddi Live, from the package metadata (``pyproject.toml``)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version() -> str:
    try:
        return version("kabaddi-live")
    except PackageNotFoundError:
        return "unknown"
