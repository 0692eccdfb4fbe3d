"""House rules a reviewer would check by hand: import direction, ids, nothing fetched off-machine."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from dashboard.data.config import PROJECT_ROOT
from dashboard.data.dataset import Dataset
from layouts.page import layout
from tests.components import walk

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


# Within dashboard/: which subpackages each may import (itself always). Lowest first.
SUBPACKAGES: dict[str, set[str]] = {
    "data": set(),
    "analysis": {"data"},
    "output": {"data", "analysis"},
    "store": {"data", "analysis"},
    "server": {"data", "store"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_imports_run_one_way() -> None:
    for package, forbidden in FORBIDDEN.items():
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            assert not imported_packages(path) & forbidden, f"{path.relative_to(PROJECT_ROOT)} imports {forbidden}"


def test_subpackages_import_only_the_layers_below() -> None:
    for package, allowed in SUBPACKAGES.items():
        for path in (PROJECT_ROOT / "dashboard" / package).rglob("*.py"):
            used = {
                name.split(".")[1]
                for name in imported_modules(path)
                if name.startswith("dashboard.") and name.split(".")[1] in SUBPACKAGES
            }
            assert used <= allowed | {package}, f"{path.relative_to(PROJECT_ROOT)} imports {used - allowed - {package}}"


def test_every_module_of_dashboard_sits_in_a_subpackage() -> None:
    loose = {p.name for p in (PROJECT_ROOT / "dashboard").glob("*.py")}
    assert loose == {"__init__.py", "ids.py"}
    assert {
        p.name for p in (PROJECT_ROOT / "dashboard").iterdir() if p.is_dir() and not p.name.startswith("__")
    } == set(SUBPACKAGES)


def test_dashboard_runs_without_dash_and_only_the_server_touches_flask() -> None:
    for path in (PROJECT_ROOT / "dashboard").rglob("*.py"):
        packages = imported_packages(path)
        where = path.relative_to(PROJECT_ROOT)
        assert "dash" not in packages and "dash_bootstrap_components" not in packages, where
        if "server" not in path.parts:
            assert "flask" not in packages, where


def built_components(path: Path) -> list[str]:
    """Calls that build a component: html.X(...), dbc.X(...), dag.X(...) or dcc.X(...) (capitalised)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if (
                isinstance(owner, ast.Name)
                and owner.id in {"html", "dbc", "dag", "dcc"}
                and node.func.attr[0].isupper()
            ):
                found.append(f"{owner.id}.{node.func.attr} (line {node.lineno})")
    return found


def test_callbacks_build_no_components() -> None:
    """Callbacks return what layouts/ builds, so the first render and every update share one renderer."""
    for path in (PROJECT_ROOT / "callbacks").glob("*.py"):
        assert built_components(path) == [], path.name


def test_no_component_id_is_written_outside_ids() -> None:
    for folder in ("layouts", "callbacks"):
        for path in (PROJECT_ROOT / folder).glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            literal_ids = [
                node.lineno
                for node in ast.walk(tree)
                if isinstance(node, ast.keyword)
                and node.arg == "id"
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ]
            assert literal_ids == [], f"{path.name}: a literal id on line(s) {literal_ids}"


def code_lines_with(text: str) -> set[str]:
    """The Python files (app, dashboard, layouts, callbacks) whose code holds `text`."""
    files = [PROJECT_ROOT / "app.py", PROJECT_ROOT / "gunicorn.conf.py"]
    for folder in ("dashboard", "layouts", "callbacks"):
        files.extend((PROJECT_ROOT / folder).rglob("*.py"))
    return {str(f.relative_to(PROJECT_ROOT)) for f in files if text in f.read_text(encoding="utf-8")}


# "14 regions", "of 14", "64 counties", "of {n} of 14", "Colorado's 14 economic development regions": a count
# of the region scheme written into a sentence, rather than counted from the geography in force.
SCHEME_IN_WORDS = re.compile(r"\b(?:14|64)\s+(?:regions|counties|economic development)\b|\bof\s+(?:14|64)\b")


def scheme_numbers_in_words() -> list[str]:
    """Each string in the code (an f-string's parts too; not documentation) that writes such a count."""
    files = [PROJECT_ROOT / "app.py"]
    for folder in ("dashboard", "layouts", "callbacks"):
        files.extend((PROJECT_ROOT / folder).rglob("*.py"))
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        documentation = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        }
        found += [
            f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {node.value[:80]}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in documentation
            and SCHEME_IN_WORDS.search(node.value)
        ]
    return found


def test_the_scheme_rule_catches_formatted_variants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule above would catch each way of writing the count (tried on a file of its own)."""
    import tests.unit.test_structure as structure

    for code in ('x = f"{n} of 14"', 'x = "all 14 regions"', 'x = f"across {state}\'s 14 economic development"',
                 'x = "one of Colorado\'s 64 counties"', 'x = ("of " "14")'):  # fmt: skip
        (tmp_path / "dashboard").mkdir(exist_ok=True)
        (tmp_path / "dashboard" / "case.py").write_text(code + "\n", encoding="utf-8")
        (tmp_path / "app.py").write_text("", encoding="utf-8")
        monkeypatch.setattr(structure, "PROJECT_ROOT", tmp_path)
        assert structure.scheme_numbers_in_words(), code
    (tmp_path / "dashboard" / "case.py").write_text('"""The 14 regions (documentation)."""\n', encoding="utf-8")
    assert structure.scheme_numbers_in_words() == []


def test_each_rule_has_one_home() -> None:
    # On/off words (in data files and environment variables alike) are read one way.
    assert code_lines_with('"true", "yes"') == {"dashboard/data/config.py"}
    assert code_lines_with(".lower() in {") == set()
    # The manifest's name, once.
    assert code_lines_with('"manifest.json"') == {"dashboard/data/contract.py"}
    # Headline labels come from headline_figures: no hard-coded region total anywhere.
    assert code_lines_with('"Regions covered"') == {"dashboard/analysis/text.py"}
    assert code_lines_with("} of 14") == set()
    assert scheme_numbers_in_words() == [], (
        "counts of the region scheme written as words: count them from the geography"
    )
    # The growth chart (published totals, the year mark, the filtered note) is built in one place.
    assert code_lines_with("trend_chart(") == {"dashboard/output/figures.py", "dashboard/output/shared_figures.py"}
    assert code_lines_with("GROWTH_FILTERED_NOTE") == {
        "dashboard/analysis/published.py",
        "dashboard/output/shared_figures.py",
    }
    # Start-up failures are reported by one function, for python app.py and gunicorn alike.
    assert code_lines_with("DataContractError as error:\n        print") == {"dashboard/server/startup.py"}
    assert {"app.py", "gunicorn.conf.py"} <= code_lines_with("load_for_serving")
    # Every in-process cache is a dashboard.data.caching cache.
    assert code_lines_with("lru_cache") == set() and code_lines_with("@cache\n") == set()


def component_ids(node: Any) -> set[str]:
    return {c.id for c in walk(node) if isinstance(getattr(c, "id", None), str)}


def test_validation_layout_has_every_id_of_the_real_page(dataset: Dataset) -> None:
    assert component_ids(layout(None, "/assets/topojson/")) == component_ids(layout(dataset, "/assets/topojson/"))


def test_page_asks_for_nothing_off_the_machine(dataset: Dataset) -> None:
    import app  # the one app of this process

    assert app.app.config.external_stylesheets == [] and app.app.config.external_scripts == []
    assert app.app.validation_layout is not None
    page = app.app.validation_layout.to_plotly_json()
    graph_configs = re.findall(r"'topojsonURL': '([^']*)'", str(layout(dataset, app.app.get_asset_url("topojson/"))))
    assert set(graph_configs) == {"/assets/topojson/"}  # the map and the presentation's chart
    assert (PROJECT_ROOT / "assets/topojson/north-america_110m.json").is_file()
    assert "http://" not in str(page) and "https://" not in str(page)
    for css in (PROJECT_ROOT / "assets").glob("*.css"):
        assert not re.search(r"url\(\s*['\"]?https?:", css.read_text(encoding="utf-8")), css.name
        assert "@import" not in css.read_text(encoding="utf-8"), css.name


# A script of assets/ that needs a component's id names it once, beside the ids.py name it mirrors:
# const MAP = 'coverage-region-map'; // ids.REGION_MAP
JS_ID = re.compile(r"""const\s+\w+\s*=\s*'([^']*)';\s*//\s*ids\.([A-Z_]+)""")


def test_every_id_a_script_uses_is_the_one_ids_py_gives() -> None:
    from dashboard import ids

    scripts = sorted(p for p in (PROJECT_ROOT / "assets").glob("*.js") if not p.name.startswith("00-"))
    pinned = {(path.name, value, name) for path in scripts for value, name in JS_ID.findall(path.read_text())}
    assert {name for _script, _value, name in pinned} >= {"IN_VIEW", "VIEWS_ASK", "WAITING", "REGION_MAP"}
    wrong = [(script, value, name, getattr(ids, name, None)) for script, value, name in pinned
             if getattr(ids, name, None) != value]  # fmt: skip
    assert wrong == [], wrong
    # And no script writes an id of ids.py as a bare literal anywhere else.
    known = {v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str) and "-" in v}
    for path in scripts:
        code = JS_ID.sub("", path.read_text())
        bare = sorted(v for v in known if f"'{v}'" in code or f"'#{v}" in code)
        assert bare == [], f"{path.name} writes {bare}: name them once, as const X = '…'; // ids.X"
