"""A Dash component tree written as HTML on the server: the page's first screen before its scripts run.

Dash draws a page in the browser, after ~4 MB of script; until then the page is empty. The first screen
(``layouts.page.first_screen_parts``) is written here as the same markup Dash and Bootstrap's components
will render (the same elements and classes, so the same boxes), with what the controls would show and the
map as server-drawn SVG links (``dashboard.output.svg_map``). Controls that need a script to work (a
dropdown, the slider, the buttons) keep their place but are not shown: nothing on this screen pretends to
work when it does not.

Every id is written with FIRST_PREFIX, and the attributes that name an id with it too: the page Dash
draws next to it has the same ids, and two elements with one id would confuse labels, scripts and
assistive technology while both are there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

FIRST_PREFIX = "first-"
VOID = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})
# What Dash's html components pass through as attributes (besides aria-* and data-*).
ATTRIBUTES = {
    "className": "class",
    "htmlFor": "for",
    "tabIndex": "tabindex",
    "colSpan": "colspan",
    "rowSpan": "rowspan",
    "title": "title",
    "role": "role",
    "href": "href",
    "scope": "scope",
    "type": "type",
    "lang": "lang",
    "dir": "dir",
}
BOOLEAN = frozenset({"hidden", "open"})
NAMING = ("aria-labelledby", "aria-describedby", "aria-controls", "for")
# What the page's scripts look for (assets/charts.js: what is in view): the copy is not theirs to find.
DROPPED = frozenset({"data-component"})
HIDDEN_WIDGET = "static-widget"  # kept in place, not shown: it works once the scripts have run

Renderer = Callable[[Any, "Writer"], str]


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def style_text(style: Mapping[str, Any]) -> str:
    parts = []
    for name, value in style.items():
        text = f"{value}px" if isinstance(value, int | float) and not isinstance(value, bool) and value else str(value)
        parts.append(f"{_kebab(name)}:{text}")
    return ";".join(parts)


def classes(*names: Any) -> str:
    return " ".join(str(n) for n in names if n)


class Writer:
    """Writes one tree; `replace` maps a component id to the HTML to write in its place."""

    def __init__(self, replace: Mapping[str, str] | None = None) -> None:
        self.replace = dict(replace or {})

    def __call__(self, node: Any) -> str:
        return self.write(node)

    def write(self, node: Any) -> str:
        if node is None or isinstance(node, bool):
            return ""
        if isinstance(node, str | int | float):
            return html.escape(str(node), quote=False)
        if isinstance(node, list | tuple):
            return "".join(self.write(child) for child in node)
        props = node.to_plotly_json()["props"]
        if props.get("id") in self.replace:
            return self.replace[str(props["id"])]
        namespace, kind = node._namespace, node._type
        renderer = RENDERERS.get((namespace, kind))
        if renderer is not None:
            return renderer(node, self)
        if namespace == "dash_html_components":
            return self.element(kind.lower(), props, self.write(props.get("children")))
        raise TypeError(f"no static rendering for {namespace}.{kind}")

    def element(self, tag: str, props: Mapping[str, Any], inner: str = "", **extra: Any) -> str:
        attributes: dict[str, Any] = {}
        for name, value in props.items():
            if name in ATTRIBUTES and value is not None:
                attributes[ATTRIBUTES[name]] = value
            elif name.startswith(("aria-", "data-")) and value is not None:
                attributes[name] = value
            elif name in BOOLEAN and value:
                attributes[name] = True
        if props.get("id") is not None:
            attributes["id"] = props["id"]
        if props.get("style"):
            attributes["style"] = style_text(props["style"])
        attributes.update({k.replace("_", "-"): v for k, v in extra.items() if v is not None and v is not False})
        return tag_html(tag, attributes, inner)


def tag_html(tag: str, attributes: Mapping[str, Any], inner: str = "") -> str:
    written = []
    for name, value in attributes.items():
        if name in DROPPED:
            continue
        if name == "id":
            value = FIRST_PREFIX + str(value)
        elif name in NAMING:
            value = " ".join(FIRST_PREFIX + part for part in str(value).split())
        if value is True:
            written.append(f" {name}")
        else:
            written.append(f' {name}="{html.escape(str(value), quote=True)}"')
    opening = f"<{tag}{''.join(written)}>"
    return opening if tag in VOID else f"{opening}{inner}</{tag}>"


def _props(node: Any) -> dict[str, Any]:
    props: dict[str, Any] = node.to_plotly_json()["props"]
    return props


# -- dash_bootstrap_components: the classes its React components give the same props -------------------

BREAKPOINTS = ("xs", "sm", "md", "lg", "xl", "xxl")


def _col_classes(props: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    for breakpoint in BREAKPOINTS:
        value = props.get("width" if breakpoint == "xs" else breakpoint)
        if breakpoint == "xs" and value is None:
            value = props.get("xs")
        if value is None:
            continue
        infix = "" if breakpoint == "xs" else f"-{breakpoint}"
        spec = value if isinstance(value, dict) else {"size": value}
        size = spec.get("size")
        if size is True or size == "":
            names.append(f"col{infix}")
        elif size is not None:
            names.append(f"col{infix}-{size}")
        if spec.get("order") is not None:
            names.append(f"order{infix}-{spec['order']}")
        if spec.get("offset") is not None:
            names.append(f"offset{infix}-{spec['offset']}")
    return names or ["col"]


def _container(node: Any, write: Writer) -> str:
    props = _props(node)
    base = "container-fluid" if props.get("fluid") else "container"
    return write.element("div", props | {"className": classes(props.get("className"), base)}, write(node.children))


def _with_class(tag: str, base: str) -> Renderer:
    def render(node: Any, write: Writer) -> str:
        props = _props(node)
        return write.element(tag, props | {"className": classes(props.get("className"), base)}, write(node.children))

    return render


def _col(node: Any, write: Writer) -> str:
    props = _props(node)
    names = classes(props.get("className"), *_col_classes(props))
    return write.element("div", props | {"className": names}, write(node.children))


def _alert(node: Any, write: Writer) -> str:
    props = _props(node)
    names = classes("fade", props.get("className"), "alert", f"alert-{props.get('color', 'primary')}", "show")
    return write.element("div", props | {"className": names}, write(node.children), role="alert")


def _label(node: Any, write: Writer) -> str:
    props = _props(node)
    return write.element(
        "label", props | {"className": classes(props.get("className"), "form-label")}, write(node.children),
        **{"for": props.get("html_for")},
    )  # fmt: skip


def _button(node: Any, write: Writer) -> str:
    props = _props(node)
    colour = props.get("color", "primary")
    names = classes(
        props.get("className"),
        "btn",
        f"btn-outline-{colour}" if props.get("outline") else f"btn-{colour}",
        f"btn-{props['size']}" if props.get("size") else None,
        HIDDEN_WIDGET,
    )
    return write.element("button", props | {"className": names}, write(node.children), type="button", tabindex="-1")


def _html_button(node: Any, write: Writer) -> str:
    props = _props(node)
    names = classes(props.get("className"), HIDDEN_WIDGET)
    return write.element("button", props | {"className": names}, write(node.children), tabindex="-1")


def _input(node: Any, write: Writer) -> str:
    props = _props(node)
    size = f"form-control-{props['size']}" if props.get("size") else None
    names = classes(props.get("className"), size, "form-control", HIDDEN_WIDGET)
    return write.element(
        "input", {"id": props.get("id"), "className": names}, readonly=True, tabindex="-1",
        value=props.get("value") or None, placeholder=props.get("placeholder"),
    )  # fmt: skip


def _input_group(node: Any, write: Writer) -> str:
    props = _props(node)
    size = f"input-group-{props['size']}" if props.get("size") else None
    return write.element(
        "div", props | {"className": classes(props.get("className"), "input-group", size)}, write(node.children)
    )


def _switch(node: Any, write: Writer) -> str:
    props = _props(node)
    names = classes("form-check form-switch", props.get("className"), HIDDEN_WIDGET)
    inner = tag_html("input", {"class": "form-check-input", "type": "checkbox", "tabindex": "-1"}) + tag_html(
        "label", {"class": "form-check-label form-label"}, write(props.get("label"))
    )
    return tag_html("div", {"class": names, "aria-hidden": "true"}, inner)


def _radio_items(node: Any, write: Writer) -> str:
    """The options as Bootstrap's radios, the chosen one checked; not shown (they work once loaded)."""
    props = _props(node)
    inline = " form-check-inline" if props.get("inline") else ""
    options = "".join(
        tag_html(
            "div",
            {"class": f"form-check{inline}"},
            tag_html(
                "input",
                {"class": "form-check-input", "type": "radio", "tabindex": "-1"}
                | ({"checked": True} if option["value"] == props.get("value") else {}),
            )
            + tag_html("label", {"class": "form-check-label"}, write(option["label"])),
        )
        for option in props.get("options", [])
    )
    return tag_html(
        "div", {"id": props.get("id"), "class": classes(props.get("className"), HIDDEN_WIDGET), "aria-hidden": "true"},
        options,
    )  # fmt: skip


# -- dash_core_components: what needs its script has its box, and no more -------------------------------


def _nothing(_node: Any, _write: Writer) -> str:
    return ""


def _children_only(node: Any, write: Writer) -> str:
    return write(_props(node).get("children"))


def _link(node: Any, write: Writer) -> str:
    props = _props(node)
    return write.element("a", props, write(node.children))


def _placeholder(kind: str) -> Renderer:
    def render(node: Any, _write: Writer) -> str:
        props = _props(node)
        return tag_html(
            "div",
            {"id": props.get("id"), "class": classes(f"static-{kind}", HIDDEN_WIDGET, props.get("className")),
             "aria-hidden": "true"},
        )  # fmt: skip

    return render


LINK = re.compile(r"^\[(.*)\]\(([^()\s]*)\)$")


def _markdown_table(node: Any, _write: Writer) -> str:
    """A table as ``layouts.components.data_table`` writes it (a header, a rule, rows; every cell's
    markup characters already character references, a first cell perhaps a link), as dcc.Markdown draws it.
    Markdown of any other shape is not this writer's to guess at."""
    lines = str(_props(node).get("children") or "").split("\n")
    if len(lines) < 2 or not all(line.startswith("|") and line.endswith("|") for line in lines):
        raise TypeError("no static rendering for Markdown other than a data_table's table")

    def cells(line: str) -> list[str]:
        return [cell.strip() for cell in line.strip("|").split("|")]

    right = [rule.endswith(":") for rule in cells(lines[1])]

    def cell(tag: str, text: str, column: int) -> str:
        link = LINK.match(text)
        inner = f'<a href="{html.escape(link.group(2), quote=True)}">{link.group(1)}</a>' if link else text
        align = ' style="text-align: right;"' if column < len(right) and right[column] else ""
        return f"<{tag}{align}>{inner}</{tag}>"

    head = "".join(cell("th", text, i) for i, text in enumerate(cells(lines[0])))
    body = "".join(
        "<tr>" + "".join(cell("td", t, i) for i, t in enumerate(cells(line))) + "</tr>" for line in lines[2:]
    )
    return f"<div><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _graph(node: Any, write: Writer) -> str:
    props = _props(node)
    return write.element("div", {"id": props.get("id"), "style": props.get("style"), "className": "dash-graph"})


RENDERERS: dict[tuple[str, str], Renderer] = {
    ("dash_bootstrap_components", "Container"): _container,
    ("dash_bootstrap_components", "Row"): _with_class("div", "row"),
    ("dash_bootstrap_components", "Col"): _col,
    ("dash_bootstrap_components", "Card"): _with_class("div", "card"),
    ("dash_bootstrap_components", "CardBody"): _with_class("div", "card-body"),
    ("dash_bootstrap_components", "Alert"): _alert,
    ("dash_bootstrap_components", "Label"): _label,
    ("dash_bootstrap_components", "Button"): _button,
    ("dash_bootstrap_components", "Input"): _input,
    ("dash_bootstrap_components", "InputGroup"): _input_group,
    ("dash_bootstrap_components", "Switch"): _switch,
    ("dash_bootstrap_components", "RadioItems"): _radio_items,
    ("dash_html_components", "Button"): _html_button,
    ("dash_core_components", "Store"): _nothing,
    ("dash_core_components", "Location"): _nothing,
    ("dash_core_components", "Interval"): _nothing,
    ("dash_core_components", "Download"): _nothing,
    ("dash_core_components", "Loading"): _children_only,
    ("dash_core_components", "Link"): _link,
    ("dash_core_components", "Dropdown"): _placeholder("dropdown"),
    ("dash_core_components", "Slider"): _placeholder("slider"),
    ("dash_core_components", "Graph"): _graph,
    ("dash_core_components", "Markdown"): _markdown_table,
}


def static_html(node: Any, replace: Mapping[str, str] | None = None) -> str:
    """`node` written as HTML, each component whose id is in `replace` written as the HTML given for it."""
    written = Writer(replace).write(node)
    # A link to a part of the page that this copy holds goes to the copy's part (the skip link, say).
    here = set(re.findall(r' id="' + FIRST_PREFIX + r'([^"]+)"', written))
    return re.sub(
        r' href="#([^"]+)"',
        lambda m: f' href="#{FIRST_PREFIX}{m.group(1)}"' if m.group(1) in here else m.group(0),
        written,
    )
