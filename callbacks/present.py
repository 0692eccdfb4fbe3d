"""Sharing, saved views, presentation mode, exports, the year player and the theme.

Thin, like the rest: what a sequence is, which slide comes next and what a slide says are decided
by ``dashboard.analysis.state`` and ``dashboard.output.slides``; images and decks are made by
``dashboard.output.export``.
Browser-only behaviour (clipboard, full screen, keys, theme attribute) is in clientside callbacks
and ``assets/presentation.js``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, dcc, no_update

from dashboard import ids
from dashboard.analysis.outcomes import link_selection
from dashboard.analysis.state import (
    VIEWS,
    add_to_sequence,
    clean_sequence,
    edit_sequence,
    saved_view,
    step_slide,
)
from dashboard.data.dataset import Dataset
from dashboard.output.export import ExportError, deck, slide_png
from dashboard.output.figures import fit_to_box
from dashboard.output.slides import build_slide, default_story, presented, scope_phrase, slides_for
from dashboard.store.loading import get_dataset
from layouts.present import saved_views_list, slide_figure_cards
from layouts.view_components import insight_items


def sequence(dataset: Dataset, saved: Any, search: str | None) -> list[dict[str, str]]:
    """The saved views, or the default story when none are saved (what the sequence deck holds)."""
    return clean_sequence(saved) or default_story(dataset, link_selection(dataset, search))


def on_screen_first(dataset: Dataset, saved: Any, search: str | None) -> tuple[list[dict[str, str]], int]:
    """What Present shows, opening at the view on screen (dashboard.output.slides.presented)."""
    return presented(dataset, clean_sequence(saved), link_selection(dataset, search))


# --------------------------------------------------------------------------------------------
# Link and saved views


# The link field is written by the selection controller (callbacks/selection.py), in the same
# response as the search it shows.

clientside_callback(
    """(clicks) => {
        if (!clicks) { return window.dash_clientside.no_update; }
        const field = document.getElementById('share-url');
        const link = window.location.href;
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(link).catch(() => {});
        }
        if (field) { field.value = link; field.select(); try { document.execCommand('copy'); } catch (e) {} }
        return 'Link copied. Anyone who opens it sees this view.';
    }""",
    Output(ids.COPY_STATUS, "children"),
    Input(ids.COPY_LINK, "n_clicks"),
    prevent_initial_call=True,
)


@callback(
    Output(ids.SAVED_VIEWS, "data"),
    Output(ids.SAVE_NAME, "value"),
    Input(ids.SAVE_VIEW, "n_clicks"),
    Input(ids.saved_view_action(ALL, ALL), "n_clicks"),  # type: ignore[arg-type]
    State(ids.SAVE_NAME, "value"),
    State(ids.URL, "search"),
    State(ids.SAVED_VIEWS, "data"),
    prevent_initial_call=True,
)
def edit_saved_views(
    _save: int | None, _actions: list[int | None], name: str | None, search: str | None, saved: Any
) -> tuple[Any, Any]:
    trigger = ctx.triggered_id
    views = clean_sequence(saved)
    if trigger == ids.SAVE_VIEW:
        dataset = get_dataset()
        selection = link_selection(dataset, search)
        fallback = f"{VIEWS[selection.view]} — {scope_phrase(dataset, selection)}"
        return add_to_sequence(views, saved_view(name, search, fallback)), ""
    if isinstance(trigger, dict) and ctx.triggered[0]["value"]:
        return edit_sequence(views, str(trigger["action"]), int(trigger["index"])), no_update
    return no_update, no_update


@callback(Output(ids.SAVED_LIST, "children"), Input(ids.SAVED_VIEWS, "data"))
def list_saved_views(saved: Any) -> Any:
    return saved_views_list(clean_sequence(saved))


# --------------------------------------------------------------------------------------------
# Presentation mode


@callback(
    Output(ids.PRESENT_STATE, "data"),
    Input(ids.PRESENT_START, "n_clicks"),
    Input(ids.PRESENT_NEXT, "n_clicks"),
    Input(ids.PRESENT_PREVIOUS, "n_clicks"),
    Input(ids.PRESENT_EXIT, "n_clicks"),
    Input(ids.PRESENT_FIRST, "n_clicks"),
    Input(ids.PRESENT_LAST, "n_clicks"),
    State(ids.PRESENT_STATE, "data"),
    State(ids.SAVED_VIEWS, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def step_presentation(
    _start: int | None,
    _next: int | None,
    _previous: int | None,
    _exit: int | None,
    _first: int | None,
    _last: int | None,
    state: Any,
    saved: Any,
    search: str | None,
) -> dict[str, Any]:
    trigger = ctx.triggered_id
    views, start = on_screen_first(get_dataset(), saved, search)
    count = len(views)
    index = int((state or {}).get("index", 0))
    if trigger == ids.PRESENT_START:
        return {"on": True, "index": start, "count": count}
    if trigger == ids.PRESENT_EXIT:
        return {"on": False, "index": index, "count": count}
    actions = {ids.PRESENT_NEXT: "next", ids.PRESENT_PREVIOUS: "previous", ids.PRESENT_FIRST: "first"}
    action = actions.get(str(trigger), "last")
    return {"on": True, "index": step_slide(index, count, action), "count": count}


@callback(
    Output(ids.PRESENTATION, "hidden"),
    Output(ids.PRESENT_POSITION, "children"),
    Output(ids.PRESENT_TITLE, "children"),
    Output(ids.PRESENT_SUBTITLE, "children"),
    Output(ids.PRESENT_FIGURES, "children"),
    Output(ids.PRESENT_INSIGHTS, "children"),
    Output(ids.PRESENT_CHART_TITLE, "children"),
    Output(ids.PRESENT_GRAPH, "figure"),
    Output(ids.PRESENT_CAPTION, "children"),
    Output(ids.PRESENT_FOOTER, "children"),
    Input(ids.PRESENT_STATE, "data"),
    State(ids.SAVED_VIEWS, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def show_slide(state: Any, saved: Any, search: str | None) -> tuple[Any, ...]:
    if not state or not state.get("on"):
        return (True,) + (no_update,) * 9
    dataset = get_dataset()
    views, _start = on_screen_first(dataset, saved, search)
    index = step_slide(int(state.get("index", 0)), len(views), "stay")
    slide = slides_for(dataset, [views[index]])[0]
    return (
        False,
        f"Slide {index + 1} of {len(views)}",
        slide.title,
        slide.subtitle,
        slide_figure_cards(slide.figures),
        insight_items(slide.insights),
        slide.chart_title,
        fit_to_box(slide.chart),
        slide.caption,
        slide.footer,
    )


# Entering: full screen (still within the click's user activation). Leaving: out of full screen.
clientside_callback(
    """(state) => {
        const on = Boolean(state && state.on);
        document.body.classList.toggle('presenting', on);
        // Everything but the slides is inert while presenting: no focus, no clicks, not read out.
        const dialog = document.getElementById('presentation');
        if (dialog && dialog.parentElement) {
            Array.from(dialog.parentElement.children).forEach((el) => {
                if (el !== dialog) { el.inert = on; }
            });
        }
        const root = document.documentElement;
        if (on && !document.fullscreenElement && root.requestFullscreen) { root.requestFullscreen().catch(() => {}); }
        if (!on && document.fullscreenElement && document.exitFullscreen) { document.exitFullscreen().catch(() => {}); }
    }""",
    Input(ids.PRESENT_STATE, "data"),
    prevent_initial_call=True,
)

# Focus follows the slides: on the slide's title once it is shown (a screen reader announces it
# and the keys act on the slides), back on Present when the slides close.
clientside_callback(
    """(hidden) => {
        const target = document.getElementById(hidden ? 'present-start' : 'present-title');
        if (target) { target.focus(); }
    }""",
    Input(ids.PRESENTATION, "hidden"),
    prevent_initial_call=True,
)


# --------------------------------------------------------------------------------------------
# Exports


def _filename(stem: str, extension: str) -> str:
    return f"colorado-sector-partnerships-{stem}-{date.today():%Y-%m-%d}.{extension}"


@callback(
    Output(ids.DOWNLOAD, "data"),
    Output(ids.EXPORT_STATUS, "children"),
    Input(ids.EXPORT_PNG, "n_clicks"),
    Input(ids.EXPORT_PPTX_VIEW, "n_clicks"),
    Input(ids.EXPORT_PPTX_SEQUENCE, "n_clicks"),
    State(ids.URL, "search"),
    State(ids.SAVED_VIEWS, "data"),
    prevent_initial_call=True,
)
def export(_png: int | None, _view: int | None, _sequence: int | None, search: str | None, saved: Any) -> Any:
    try:
        return _export(ctx.triggered_id, search, saved)
    except ExportError as error:
        return no_update, str(error)


def _export(trigger: Any, search: str | None, saved: Any) -> tuple[Any, str]:
    dataset = get_dataset()
    selection = link_selection(dataset, search)
    if trigger == ids.EXPORT_PNG:
        slide = build_slide(dataset, selection)
        data = dcc.send_bytes(slide_png(slide), _filename(selection.view, "png"))
        return data, f"Saved an image of “{slide.chart_title}” (1600 × 900 pixels)."
    if trigger == ids.EXPORT_PPTX_VIEW:
        slides = [build_slide(dataset, selection)]
        stem = "view"
    else:
        slides = slides_for(dataset, sequence(dataset, saved, search))
        stem = "sequence"
    data = dcc.send_bytes(deck(slides, title=dataset.geography.dashboard_title), _filename(stem, "pptx"))
    return data, f"Saved a deck of {len(slides)} slide{'s' if len(slides) != 1 else ''}."


# --------------------------------------------------------------------------------------------
# Year player and theme

clientside_callback(
    """(clicks, disabled, year, first, last) => {
        // Play from the first year (or from the shown one if it is not the last); Pause stops.
        if (!disabled) { return [true, '▶ Play', 'false', window.dash_clientside.no_update]; }
        return [false, '⏸ Pause', 'true', year >= last ? first : year];
    }""",
    Output(ids.PLAY_TIMER, "disabled"),
    Output(ids.PLAY, "children"),
    Output(ids.PLAY, "aria-pressed"),
    Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
    Input(ids.PLAY, "n_clicks"),
    State(ids.PLAY_TIMER, "disabled"),
    State(ids.YEAR_SLIDER, "value"),
    State(ids.YEAR_SLIDER, "min"),
    State(ids.YEAR_SLIDER, "max"),
    prevent_initial_call=True,
)

clientside_callback(
    """(ticks, year, last) => {
        // One year per tick; stop at the last year.
        const next = year + 1;
        if (next >= last) { return [last, true, '▶ Play', 'false']; }
        return [next, false, window.dash_clientside.no_update, window.dash_clientside.no_update];
    }""",
    Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
    Output(ids.PLAY_TIMER, "disabled", allow_duplicate=True),
    Output(ids.PLAY, "children", allow_duplicate=True),
    Output(ids.PLAY, "aria-pressed", allow_duplicate=True),
    Input(ids.PLAY_TIMER, "n_intervals"),
    State(ids.YEAR_SLIDER, "value"),
    State(ids.YEAR_SLIDER, "max"),
    prevent_initial_call=True,
)

# Bootstrap 5.3 colour modes: the whole page (and, through assets/02-dashboard.css, the charts'
# text and grid lines) follows data-bs-theme on <html>.
clientside_callback(
    """(dark) => {
        document.documentElement.setAttribute('data-bs-theme', dark ? 'dark' : 'light');
    }""",
    Input(ids.THEME_SWITCH, "value"),
)

# "Open at": bring the view's panel into sight when it is chosen or arrives in a link. It waits
# until the page has settled (charts above it change height as they draw), then scrolls and puts
# focus on the panel's heading, so a screen reader starts there too.
clientside_callback(
    """(view) => {
        if (!view || view === 'coverage') { return; }
        let quiet = 0;
        const land = (tries) => {
            const panel = document.getElementById('panel-' + view);
            const busy = document.querySelector('[data-dash-is-loading="true"]');
            quiet = panel && !busy ? quiet + 1 : 0;
            if (quiet < 3 && tries < 60) { setTimeout(() => land(tries + 1), 120); return; }
            if (!panel) { return; }
            panel.scrollIntoView({block: 'start'});
            const heading = panel.querySelector('h2');
            if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({preventScroll: true}); }
        };
        land(0);
    }""",
    Input(ids.VIEW_SELECT, "value"),
)
