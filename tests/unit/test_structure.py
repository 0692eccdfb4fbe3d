"""House rules a reviewer would check by hand: import direction, ids, nothing fetched off-machine."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from dashboard.config import PROJECT_ROOT
from dashboard.data import Dataset
from layouts.page import layout

FORBIDDEN = {
    "dashboard": {"layouts", "callbacks", "app"},
    "layouts": {"callbacks", "app"},
    "callbacks": {"app"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_imports_run_one_way() -> None:
    for package, forbidden in FORBIDDEN.items():
        for path in (PROJECT_ROOT / package).glob("*.py"):
            assert not imported_packages(path) & forbidden, f"{path.relative_to(PROJECT_ROOT)} imports {forbidden}"


def component_ids(node: Any) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list | tuple):
            stack.extend(current)
            continue
        if not hasattr(current, "to_plotly_json"):
            continue
        props = current.to_plotly_json().get("props", {})
        if isinstance(props.get("id"), str):
            found.add(props["id"])
        stack.extend(v for v in props.values() if hasattr(v, "to_plotly_json") or isinstance(v, list | tuple))
    return found


def test_validation_layout_has_every_id_of_the_real_page(dataset: Dataset) -> None:
    assert component_ids(layout(None, "/assets/topojson/")) == component_ids(layout(dataset, "/assets/topojson/"))


def test_page_asks_for_nothing_off_the_machine(dataset: Dataset) -> None:
    import app  # the one app of this process

    assert app.app.config.external_stylesheets == [] and app.app.config.external_scripts == []
    page = app.app.validation_layout.to_plotly_json()
    graph_configs = re.findall(r"'topojsonURL': '([^']*)'", str(layout(dataset, app.app.get_asset_url("topojson/"))))
    assert set(graph_configs) == {"/assets/topojson/"}  # the map and the presentation's chart
    assert (PROJECT_ROOT / "assets/topojson/north-america_110m.json").is_file()
    assert "http://" not in str(page) and "https://" not in str(page)
    for css in (PROJECT_ROOT / "assets").glob("*.css"):
        assert not re.search(r"url\(\s*['\"]?https?:", css.read_text(encoding="utf-8")), css.name
        assert "@import" not in css.read_text(encoding="utf-8"), css.name
