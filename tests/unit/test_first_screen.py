"""The first screen the server writes into the index page: its markup (the same boxes as Dash's), its map
(one link per region, the gaps marked, the selection outlined) and the index page that carries it.

Expected names and counts are read from the data directory's CSV files (tests/expected.py), not from the
code under test."""

from __future__ import annotations

import base64
import csv
import hashlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
import pytest
from dash import dcc, html
from sqlalchemy.exc import OperationalError

import app as dashboard_app
from callbacks.first_screen import first_screen_html
from dashboard.analysis.metrics import region_values
from dashboard.analysis.state import Selection
from dashboard.data.config import DEFAULT_DATA_DIR, GEOGRAPHY_DIR
from dashboard.data.dataset import Dataset
from dashboard.output.figures import INK
from dashboard.output.svg_map import Frame, region_map_svg
from layouts.components import data_table
from layouts.page import first_screen_page
from layouts.static import FIRST_PREFIX, static_html
from tests import expected


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.all()

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.all() if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


VOID = {"input", "br", "hr", "img", "meta", "link"}


class Tree(HTMLParser):
    """The HTML as a tree of elements (the standard library's parser; entities decoded)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {}, None)
        self.current = self.root
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def region_names() -> dict[int, str]:
    with (GEOGRAPHY_DIR / "county_regions.csv").open(encoding="utf-8") as handle:
        return {int(row["region"]): row["region_name"] for row in csv.DictReader(handle)}


# -- the writer -----------------------------------------------------------------------------------------


def test_bootstrap_components_are_written_with_their_classes_and_ids_prefixed() -> None:
    tree = dbc.Container(
        dbc.Row(
            [
                dbc.Col(
                    [dbc.Label("Regions", html_for="pick"), dcc.Dropdown(id="pick")],
                    md=6,
                    lg={"size": 4, "order": "last"},
                ),
                dbc.Col(dbc.Button("Reset", id="reset", outline=True, color="secondary"), width="auto"),
                dbc.Col(html.Div("said", id="words", **{"aria-labelledby": "pick words"})),  # type: ignore[arg-type]
            ],
            className="g-2",
        ),
        fluid=True,
    )
    root = Tree(static_html(tree)).root
    (container,) = root.find("div", **{"class": "container-fluid"})
    columns = next(e for e in container.all() if "row" in e.classes()).children
    assert [c.classes() for c in columns if isinstance(c, Element)] == [
        {"col-md-6", "col-lg-4", "order-lg-last"}, {"col-auto"}, {"col"},
    ]  # fmt: skip
    (label,) = root.find("label")
    assert label.attrs["for"] == f"{FIRST_PREFIX}pick" and label.text() == "Regions"
    (dropdown,) = [e for e in root.all() if e.attrs.get("id") == f"{FIRST_PREFIX}pick"]
    assert {"static-dropdown", "static-widget"} <= dropdown.classes() and dropdown.attrs["aria-hidden"] == "true"
    (button,) = root.find("button")
    assert {"btn", "btn-outline-secondary", "static-widget"} <= button.classes() and button.attrs["tabindex"] == "-1"
    (words,) = [e for e in root.all() if e.attrs.get("id") == f"{FIRST_PREFIX}words"]
    assert words.attrs["aria-labelledby"] == f"{FIRST_PREFIX}pick {FIRST_PREFIX}words"


def test_a_component_it_cannot_write_is_refused_not_guessed() -> None:
    with pytest.raises(TypeError, match="Upload"):
        static_html(html.Div(dcc.Upload(id="file")))
    with pytest.raises(TypeError, match="Markdown"):
        static_html(dcc.Markdown("**bold** text"))


def test_a_data_table_is_written_as_the_table_markdown_draws_with_its_text_intact() -> None:
    frame = pd.DataFrame({"Name": ["A | B <script>", "=SUM(1) & www.x.org"], "Count": [3, 1200]})
    root = Tree(static_html(data_table(frame, "Counts", links=["/partnerships/a", None]))).root
    (table,) = root.find("table")
    headers = [th.text() for th in table.find("th")]
    assert headers == ["Name", "Count"]
    cells = [[td.text() for td in tr.find("td")] for tr in table.find("tr")[1:]]
    assert cells == [["A | B <script>", "3"], ["=SUM(1) & www.x.org", "1200"]]
    assert [a.attrs["href"] for a in table.find("a")] == ["/partnerships/a"]
    assert [td.attrs.get("style") for td in table.find("tr")[1].find("td")] == [None, "text-align: right;"]
    assert not root.find("script")


def test_the_first_screen_is_written_whole_with_no_id_twice_and_every_reference_resolved(dataset: Dataset) -> None:
    root = Tree(static_html(first_screen_page(dataset))).root
    ids = [str(e.attrs["id"]) for e in root.all() if e.attrs.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith(FIRST_PREFIX) for i in ids)
    for element in root.all():
        for name in ("for", "aria-labelledby"):
            for target in (element.attrs.get(name) or "").split():
                assert target in ids, f"{element.tag} {name}={target} names no element of the first screen"
    assert [h.text() for h in root.find("h1")] == ["Colorado Sector Partnerships"]
    # Nothing that needs a script is shown: every dropdown, the slider and each button is kept unseen.
    for element in root.all():
        if element.tag in ("button", "input") or element.classes() & {"static-dropdown", "static-slider"}:
            inside = [e for e in _ancestors(element) if "static-widget" in e.classes()]
            assert inside, f"a {element.tag} shown before the scripts: {element.attrs}"
    assert not [e for e in root.all() if "data-component" in e.attrs]  # the page's scripts look for those


def _ancestors(element: Element) -> Iterator[Element]:
    node: Element | None = element
    while node is not None:
        yield node
        node = node.parent


# -- the map --------------------------------------------------------------------------------------------


def server_map(dataset: Dataset, selection: Selection) -> Element:
    values = region_values(dataset, selection.industry, selection.year)
    svg = region_map_svg(
        dataset.geography, values, selection, href=lambda r: f"/?regions={r}", sample=dataset.is_sample, label="Map"
    )
    return Tree(svg).root


def test_the_server_map_has_a_named_link_per_region_and_marks_each_gap(dataset: Dataset) -> None:
    root = server_map(dataset, Selection())
    names = region_names()
    links = root.find("a")
    assert sorted(int(a.attrs["data-region"] or 0) for a in links) == sorted(names)
    covered = expected.regions_covered(DEFAULT_DATA_DIR)
    for link in links:
        region = int(link.attrs["data-region"] or 0)
        label = link.attrs["aria-label"] or ""
        count = len(expected.active_partnerships(DEFAULT_DATA_DIR, region))
        assert label.startswith(f"Region {region} · {names[region]}: "), label
        if region in covered:
            assert f": {count} active partnership{'s' if count != 1 else ''}, " in label, label
        else:
            assert ": no active partnership (a gap), " in label, label
        assert label.endswith("Select it.") and link.attrs["href"] == f"/?regions={region}"
        assert [t.text() for t in link.find("title")] == [label]  # the name a pointer's tooltip shows too
    (marks,) = [g for g in root.find("g") if g.attrs.get("class") == "first-map-marks"]
    assert len(marks.find("path")) == len(names) - len(covered)
    numbers = [t.text() for t in root.find("text")]
    assert sorted(numbers, key=int) == [str(r) for r in sorted(names)]


def test_the_selection_is_outlined_and_its_links_say_they_remove_it(dataset: Dataset) -> None:
    root = server_map(dataset, Selection.of([3, 7]))
    for link in root.find("a"):
        region = int(link.attrs["data-region"] or 0)
        (path,) = link.find("path")
        if region in (3, 7):
            assert (path.attrs["stroke"], path.attrs["stroke-width"]) == (INK, "3.5")
            assert (link.attrs["aria-label"] or "").endswith("Selected; the link removes it from the selection.")
        else:
            assert path.attrs["stroke-width"] == "0.8"


def test_the_region_outlines_fill_the_frame_plotly_draws(dataset: Dataset) -> None:
    root = server_map(dataset, Selection())
    (svg,) = root.find("svg")
    _, _, width, height = (float(v) for v in (svg.attrs["viewbox"] or "").split())
    points = [
        (float(x), float(y))
        for path in root.find("a")
        for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path.find("path")[0].attrs["d"] or "")
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    frame = Frame(dataset.geography.bounds)
    margin = frame.width - (max(xs) - min(xs))
    # The regions span the frame less MAP_MARGIN each side (0.09° east and west: 0.18 in all).
    assert margin == pytest.approx(0.18, abs=0.02) and 0 < min(xs) < 0.1 and width - 0.1 < max(xs) < width
    assert min(ys) > 0 and max(ys) < height


# -- the index page -------------------------------------------------------------------------------------


def index(path: str) -> str:
    response = dashboard_app.server.test_client().get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_index_page_carries_the_first_screen_of_the_view_in_its_link() -> None:
    page = index("/?regions=3&metric=businesses")
    before_entry = page.split('id="react-entry-point"')[0]
    root = Tree(before_entry).root
    (summary,) = [e for e in root.all() if e.attrs.get("id") == f"{FIRST_PREFIX}selection-summary"]
    assert summary.text().startswith(f"Showing Region 3 · {region_names()[3]}; all industries;")
    assert "Map colour: businesses engaged" in summary.text()
    titles = [e.text() for e in root.all() if "first-map-key-title" in e.classes()]
    assert titles == ["Businesses engaged (sample)"]
    links = {int(a.attrs["data-region"] or 0): a.attrs["href"] for a in root.find("a") if a.attrs.get("data-region")}
    assert links[3] == "/?metric=businesses" and links[5] == "/?regions=3,5&metric=businesses"
    # The insights and headline figures are the views' own words, written before any script.
    assert [li for e in root.all() if e.attrs.get("id") == f"{FIRST_PREFIX}insights" for li in e.find("li")]


def test_only_the_dashboard_page_has_it_and_a_link_naming_nothing_known_is_statewide() -> None:
    assert 'id="first-screen"' not in index("/data")
    root = Tree(index("/?regions=99&industry=Nothing").split('id="react-entry-point"')[0]).root
    (summary,) = [e for e in root.all() if e.attrs.get("id") == f"{FIRST_PREFIX}selection-summary"]
    assert summary.text().startswith(f"Showing all {len(region_names())} regions; all industries;")


def test_a_store_that_is_down_leaves_the_page_to_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def down() -> Any:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(dashboard_app, "get_dataset", down)
    page = index("/")
    assert 'id="first-screen"' not in page and 'id="react-entry-point"' in page


def test_the_first_screen_is_remembered_per_selection(dataset: Dataset) -> None:
    assert first_screen_html(dataset, "?regions=3") is first_screen_html(dataset, "regions=3")
    assert first_screen_html(dataset, "?regions=3") != first_screen_html(dataset, "?regions=4")


def test_the_page_fetches_and_runs_no_script_of_its_own_before_its_first_paint() -> None:
    """Every external script tag is of a type no browser fetches or runs, in Dash's order, until the inline
    loader (allowed by its hash in the page's CSP) makes each a real one after the first frame."""
    response = dashboard_app.server.test_client().get("/")
    page = response.get_data(as_text=True)
    tags = re.findall(r"<script([^>]*)>", page)
    external = [attrs for attrs in tags if re.search(r"\ssrc=", attrs)]
    assert external and all('type="text/x-after-first-paint"' in attrs for attrs in external)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs in external]  # type: ignore[union-attr]
    at = {name: next(i for i, s in enumerate(sources) if name in s) for name in ("/react@", "plotly", "dash_renderer")}
    assert at["/react@"] < at["plotly"] < at["dash_renderer"], sources
    # Nothing fetched as script before then: the chunks' links are not preloads yet, the grid's is only named.
    assert not re.search(r'<link rel="preload"[^>]*as="script"', page)
    assert len(re.findall(r"<link data-after-first-paint [^>]*as=\"script\"", page)) >= 1
    assert not any("dash_ag_grid" in s for s in sources) and 'data-lazy-src="' in page
    loaders = [body for body in re.findall(r"<script>(.*?)</script>", page, re.S) if "x-after-first-paint" in body]
    assert len(loaders) == 1
    digest = base64.b64encode(hashlib.sha256(loaders[0].encode("utf-8")).digest()).decode("ascii")
    assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]
