"""Reading a Dash component tree in tests: every component in it, wherever it is nested."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk(node: Any) -> Iterator[Any]:
    """Every component in `node` (a component, or lists of them), through every property that holds one."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list | tuple):
            stack.extend(current)
            continue
        if not hasattr(current, "to_plotly_json"):
            continue
        yield current
        props = current.to_plotly_json().get("props", {})
        stack.extend(v for v in props.values() if hasattr(v, "to_plotly_json") or isinstance(v, list | tuple))


def text_of(component: Any) -> str:
    """All visible text in a component tree."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    children = getattr(component, "children", None)
    return text_of(children) if children is not None else ""
