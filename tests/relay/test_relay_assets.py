"""The pages' files as served: every reference versioned by what it names, rebuilt on edits."""

from __future__ import annotations

import os
from pathlib import Path

from relay.assets import Asset, Assets


def served(assets: Assets, *names: str) -> list[Asset]:
    found = [assets.get(name) for name in names]
    assert None not in found, names
    return [asset for asset in found if asset is not None]


def test_an_edit_changes_the_version_of_every_file_leading_to_it(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('<script type="module" src="app.js"></script>')
    (tmp_path / "app.js").write_text(
        'import { x } from "./dep.js";\nimport "./missing.js";\nimport(\'./lazy.js\');\n'
    )
    (tmp_path / "lazy.js").write_text("export {};\n")
    (tmp_path / "dep.js").write_text("export const x = 1;\n")
    (tmp_path / "lone.css").write_text('a { background: url("dot.svg"); }')
    (tmp_path / "dot.svg").write_text("<svg/>")
    assets = Assets(tmp_path)
    page, app, dep = served(assets, "page.html", "app.js", "dep.js")
    assert page.body == f'<script type="module" src="app.js?v={app.version}"></script>'.encode()
    (lazy,) = served(assets, "lazy.js")
    assert app.body == (
        f'import {{ x }} from "./dep.js?v={dep.version}";\nimport "./missing.js";\n'
        f"import('./lazy.js?v={lazy.version}');\n".encode()
    )
    (css,) = served(assets, "lone.css")
    assert b'url("dot.svg?v=' in css.body
    assert assets.get("page.html") is page  # nothing changed: nothing rebuilt

    (tmp_path / "dep.js").write_text("export const x = 2;\n")
    stamp = (tmp_path / "dep.js").stat().st_mtime_ns + 10**9  # a coarse clock: move it on
    os.utime(tmp_path / "dep.js", ns=(stamp, stamp))
    edited_dep, edited_app, edited_page = served(assets, "dep.js", "app.js", "page.html")
    assert edited_dep.version != dep.version
    assert edited_app.version != app.version
    assert f"app.js?v={edited_app.version}".encode() in edited_page.body
    assert edited_page.modified >= stamp / 1e9 - 1
