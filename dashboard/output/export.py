"""Images and decks: PNG of a chart (kaleido with the system's Chromium) and PowerPoint (python-pptx).

Every chart of one export is drawn in one kaleido call (one browser start). Exports run one at a
time per process, so a burst of clicks cannot start a browser per request.
"""

from __future__ import annotations

import io
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.data.config import PROJECT_ROOT
from dashboard.output.figures import plain, wrap
from dashboard.output.slides import Figure, Slide

TOPOJSON_DIR = PROJECT_ROOT / "assets" / "topojson"
EMU_PER_INCH = 914_400  # PowerPoint's unit (python-pptx's Inches)
SLIDE_WIDTH, SLIDE_HEIGHT = int(13.333 * EMU_PER_INCH), int(7.5 * EMU_PER_INCH)  # 16:9
PNG_SIZE = (1600, 900)
SLIDE_CHART_SIZE = (1000, 640)  # pixels drawn for the chart area of a slide (8.45 × 5.4 in)
INK, MUTED, ACCENT, WARNING = "212529", "495057", "123A63", "664D03"  # text colours on slides and images
INK_HEX, MUTED_HEX, WARNING_HEX = (f"#{colour.lower()}" for colour in (INK, MUTED, WARNING))
_render_lock = threading.Lock()


class ExportError(RuntimeError):
    """An image could not be drawn (no Chromium, or it failed); the message says what to do."""


def for_image(figure: Figure, width: int, height: int, *, font_size: int = 16) -> go.Figure:
    """A chart as drawn for an image: white background, fixed size, legible type."""
    fig = go.Figure(figure)
    fig.update_layout(
        width=width,
        height=height,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font_size=font_size,
        font_color="#212529",
    )
    return fig


def render_pngs(
    figures: Sequence[Figure], width: int, height: int, *, scale: float = 1.0, font_size: int = 16
) -> list[bytes]:
    """PNG bytes for each figure, drawn by kaleido in one browser session."""
    if not figures:
        return []
    pio.defaults.topojson = TOPOJSON_DIR.as_uri() + "/"  # the map's base layer, from this repository
    drawn = [for_image(f, width, height, font_size=font_size) for f in figures]
    with _render_lock, tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"chart-{i}.png" for i in range(len(drawn))]
        try:
            pio.write_images(drawn, paths, format="png", width=width, height=height, scale=scale)
        except Exception as error:  # kaleido reports a missing or failing browser in several ways
            raise ExportError(
                "The chart image could not be drawn: exports use the server's Chromium "
                "(Debian packages chromium and chromium-driver; `make run` installs them). "
                f"Details: {type(error).__name__}: {str(error)[:200]}"
            ) from error
        return [p.read_bytes() for p in paths]


def chart_png(figure: Figure, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1]) -> bytes:
    return render_pngs([figure], width, height)[0]


def standalone(slide: Slide) -> go.Figure:
    """The slide's chart as an image that stands alone once sent: its title and scope above, what
    its marks mean and the sources (with "SAMPLE DATA" where used) below."""
    figure = go.Figure(slide.chart)
    margin = figure.layout.margin
    below = margin.b or 0
    figure.update_layout(
        margin=dict(t=(margin.t or 0) + 100, b=below + 150, l=max(margin.l or 0, 40), r=max(margin.r or 0, 40)),
        title=dict(
            text=f"<b>{plain(slide.chart_title)}</b>", x=0.02, xanchor="left", y=0.985, yanchor="top", yref="container",
            font=dict(size=30, color=INK_HEX),
            subtitle=dict(text=plain(slide.subtitle), font=dict(size=19, color=MUTED_HEX)),
        ),
    )  # fmt: skip
    if figure.layout.showlegend is not False and any(trace.showlegend is not False for trace in figure.data):
        figure.update_layout(legend=dict(yref="container", y=0.885, yanchor="top"))  # below the title
    note = slide.image_footer or slide.footer
    sample = "SAMPLE DATA" in note
    # Centred under the plot area, which labels may push to the right: narrow enough to fit there.
    for text, shift, size, colour in (
        (plain(slide.key), below + 32, 15, MUTED_HEX),
        (wrap(note, 130), below + 60, 14, WARNING_HEX if sample else MUTED_HEX),
    ):
        figure.add_annotation(
            text=text, xref="paper", yref="paper", x=0.5, xanchor="center", y=0, yanchor="top", yshift=-shift,
            showarrow=False, align="center", font=dict(size=size, color=colour),
        )  # fmt: skip
    return figure


def slide_png(slide: Slide, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1]) -> bytes:
    """PNG of a view's chart that carries its own title, key, sources and sample label."""
    return render_pngs([standalone(slide)], width, height)[0]


def _text(
    slide: Any,
    left: int,
    top: int,
    width: int,
    height: int,
    lines: Sequence[tuple[str, int, str, bool]],
) -> Any:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # long insights shrink rather than spill
    for i, (text, size, colour, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(colour)
    return box


def deck(slides: Sequence[Slide], *, title: str) -> bytes:
    """A 16:9 deck, one slide per view: title, key figures, insights, the chart, a source footer."""
    # python-pptx is imported when a deck is made, not with the app: it adds 0.2 s to every start.
    from pptx import Presentation
    from pptx.util import Emu, Inches

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    presentation.core_properties.title = title
    blank = presentation.slide_layouts[6]
    images = render_pngs([s.chart for s in slides], *SLIDE_CHART_SIZE, scale=2, font_size=17)
    margin = Inches(0.4)
    for slide, image in zip(slides, images, strict=True):
        page = presentation.slides.add_slide(blank)
        heading = _text(page, margin, Inches(0.25), Inches(12.5), Inches(0.9), [(slide.title, 28, ACCENT, True)])
        heading.name = "Title"
        _text(
            page, margin, Inches(0.95), Inches(12.5), Inches(0.4), [(slide.subtitle, 14, MUTED, False)]
        ).name = "Scope"
        # Key figures (two by two) and insights on the left, the chart on the right.
        for i, (label, value) in enumerate(slide.figures):
            left = Emu(margin + Inches(2.0) * (i % 2))
            top = Emu(Inches(1.45) + Inches(0.95) * (i // 2))
            box = _text(
                page, left, top, Inches(1.95), Inches(0.9), [(value, 26, ACCENT, True), (label, 11, MUTED, False)]
            )
            box.name = f"Key figure: {label}"
        insight_lines = [(f"• {sentence}", 13, INK, False) for sentence in slide.insights]
        _text(page, margin, Inches(3.45), Inches(3.95), Inches(3.3), insight_lines).name = "Insights"
        picture = page.shapes.add_picture(io.BytesIO(image), Inches(4.55), Inches(1.4), width=Inches(8.4))
        picture.name = slide.chart_title
        picture._element.nvPicPr.cNvPr.set("descr", f"{slide.chart_title}. {slide.caption}")  # alt text
        sample = "SAMPLE DATA" in slide.footer
        _text(
            page,
            margin,
            Inches(6.85),
            Inches(12.5),
            Inches(0.55),
            [(slide.footer, 9, WARNING if sample else MUTED, False)],
        ).name = "Footer"
        page.notes_slide.notes_text_frame.text = slide.notes or "\n".join([slide.caption, *slide.insights])
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
