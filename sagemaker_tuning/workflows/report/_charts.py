"""The report's charts: matplotlib figures saved as SVG, made deterministic and safe to inline.

The only module of the package that imports matplotlib, and only when a chart is drawn.
Figures are built with ``matplotlib.figure.Figure`` directly (never ``pyplot``), so no
interactive backend is chosen and no global figure registry is touched; ``savefig`` to SVG uses
matplotlib's own SVG backend.
"""

from __future__ import annotations

import html
import importlib
import io
import math
import random
import re
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sagemaker_tuning.workflows.report._data import MAX_CATEGORIES, scale, unscale

__all__ = ["EXTRA_HINT", "Charts", "require_matplotlib"]

#: The message of the :class:`ImportError` raised when charts are asked for without matplotlib.
EXTRA_HINT = (
    "the tuning report draws its charts with matplotlib, which is not installed: "
    "pip install 'sagemaker-tuning[report]'"
)
SCALING_LABEL = {
    "log": "log scale",
    "reverse-log": "reverse-log scale",
    "linear": "linear scale",
    "category": "categories",
}
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_BLUE, _VERMILLION, _ORANGE, _GREY = "#0072B2", "#D55E00", "#E69F00", "#7f7f7f"


def require_matplotlib() -> None:
    """Raise :class:`ImportError` naming the ``report`` extra unless matplotlib can be imported."""
    try:
        importlib.import_module("matplotlib")
    except ImportError as exc:
        raise ImportError(EXTRA_HINT) from exc


_RC = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib: same glyphs on every machine
    "font.size": 9.0,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "path",  # text as paths: no font needed where the file is opened
    "path.simplify": True,
}
_SVG_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_SVG_ID = re.compile(r'\bid="([^"]+)"')
_SVG_REF = re.compile(r'((?:xlink:)?href)="#([^"]+)"')
_SVG_URL = re.compile(r"url\(#([^)]+)\)")
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_SVG_STYLE_ALL = re.compile(r"<style type=\"text/css\">\*\{")
# Numbers past this size are drawn in units of a power of ten: matplotlib's autoscaling,
# locators and transforms take differences and margins of the data, which overflow near the
# double's limits (1.7e308) and fail ("arange: cannot compute length", a singular matrix).
_LARGEST_DRAWN = 1e300
# The decades a log axis can reach, a little inside the doubles (10**log10(max) rounds past it).
_LOG_MAX = math.floor(math.log10(sys.float_info.max) * 1000) / 1000
_LOG_MIN = math.ceil(math.log10(5e-324) * 1000) / 1000  # the smallest subnormal double
# Chart labels are cut to this many characters; the page's tables show the text in full.
_LABEL_CHARS = 120
_TICK_CHARS = 40


def _m(text: str) -> str:
    """``text`` as matplotlib draws it literally: every ``$`` escaped, so no mathtext.

    matplotlib reads a string with two unescaped ``$`` as TeX math: ``cost $5 to $10`` would
    come out in italics and ``$\\frac{$`` raises. With each ``$`` written ``\\$`` the text has
    no math, and matplotlib shows ``\\$`` as ``$`` (``Text._preprocess_math``).
    """
    return text.replace("$", "\\$")


def _label(text: str, limit: int = _LABEL_CHARS) -> str:
    return _m(_shorten(text, limit))


def _units(values: Sequence[float]) -> tuple[float, str]:
    """The power of ten to draw ``values`` in (1 for ordinary values) and what the label adds."""
    largest = max((abs(v) for v in values), default=0.0)
    if largest <= _LARGEST_DRAWN:
        return 1.0, ""
    exponent = math.floor(math.log10(largest))
    return 10.0**exponent, f", in units of 1e{exponent}"


def _limits(axis: str, values: Sequence[float]) -> tuple[float, float]:
    """Axis limits around ``values`` with some room, on the axis's own scale, within the doubles."""
    lo, hi = scale(axis, min(values)), scale(axis, max(values))
    pad = (hi - lo) * 0.04
    # A range too narrow for the doubles around it (one value, or 1 and 1 + 2e-16) is widened
    # by 5 % of its size (by 0.05 about zero), as matplotlib widens a singular view.
    if pad <= max(abs(lo), abs(hi)) * 1e-12:
        pad = max(abs(lo), abs(hi)) * 0.05 or 0.05
    lo, hi = lo - pad, hi + pad
    if axis == "log":  # 10**x past the doubles overflows (Python) or is infinite (numpy)
        lo, hi = max(lo, _LOG_MIN), min(hi, _LOG_MAX)
    return unscale(axis, lo), unscale(axis, hi)


class Charts:
    """Draws the report's charts from its data, each as an inline SVG string."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        require_matplotlib()
        self.mpl: Any = importlib.import_module("matplotlib")
        self.figure_cls: Any = importlib.import_module("matplotlib.figure").Figure
        self.ticker: Any = importlib.import_module("matplotlib.ticker")
        self.np: Any = importlib.import_module("numpy")
        objective = data["objective"]
        metric = objective["metric_name"] or "objective"
        better = "higher is better" if objective["maximize"] else "lower is better"
        if objective["direction_assumed"]:
            better += ", assumed"
        # Metrics carry their own units (AUC, loss, seconds): the label says which way is good.
        self.objective_label = f"{metric} (metric units, {better})"

    def svg(
        self,
        key: str,
        title: str,
        draw: Callable[[Any], None],
        size: tuple[float, float] = (7.0, 3.6),
    ) -> str:
        # On an axis spanning the doubles, matplotlib's transforms overflow inside (the
        # inverse of a log scale past 1e308) though every value drawn is finite: not news.
        with self.mpl.rc_context(_RC), warnings.catch_warnings(), self.np.errstate(over="ignore"):
            # Text in scripts DejaVu Sans lacks is drawn as boxes; the page's tables have it
            # in full, so a warning per missing glyph would only be noise on the terminal.
            warnings.filterwarnings(
                "ignore", message=r"Glyph \d+ .*missing from", category=UserWarning
            )
            fig = self.figure_cls(figsize=size, layout="constrained")
            draw(fig)
            buffer = io.StringIO()
            # A fixed salt per chart: ids are stable between runs and unique within the page.
            with self.mpl.rc_context({"svg.hashsalt": f"sagemaker-tuning-report/{key}"}):
                fig.savefig(
                    buffer,
                    format="svg",
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                )
        return _inline_svg(buffer.getvalue(), key, title)

    # -- the charts

    def history(self, chart: Mapping[str, Any]) -> str:
        time_unit = chart["time_unit"]
        per = 60.0 if time_unit == "minutes" else 3600.0

        def draw(fig: Any) -> None:
            ax = fig.add_subplot()
            points = chart["points"]
            xs = [p["time_seconds"] / per for p in points]
            unit, suffix = _units([p["objective"] for p in points])
            ax.plot(
                xs,
                [p["objective"] / unit for p in points],
                "o",
                color=_BLUE,
                alpha=0.6,
                markersize=4,
                label="training job",
            )
            ax.step(
                xs,
                [p["best_so_far"] / unit for p in points],
                where="post",
                color=_VERMILLION,
                linewidth=1.8,
                label="best so far",
            )
            best = chart["improvements"][-1] if chart["improvements"] else None
            if best is not None:
                _best_star(ax, best["time_seconds"] / per, best["objective"] / unit)
            ax.set_title(_label(chart["title"]))
            ax.set_xlabel(f"Time since the tuning job was created ({time_unit})")
            ax.set_ylabel(_label(self.objective_label + suffix))
            ax.grid(True, alpha=0.3)
            _legend(fig)

        return self.svg("history", chart["title"], draw)

    def hyperparameter(self, index: int, chart: Mapping[str, Any]) -> str:
        def draw(fig: Any) -> None:
            ax = fig.add_subplot()
            points = chart["points"]
            unit, suffix = _units([p["objective"] for p in points])
            ys = [p["objective"] / unit for p in points]
            axis = chart["axis"]
            x_unit, x_suffix = 1.0, ""
            if axis == "category":
                categories = list(chart["shown_values"])
                slot = {v: i for i, v in reversed(list(enumerate(categories)))}
                labels = [_label(v, _TICK_CHARS) for v in categories]
                other = chart["other_values"]
                if other is not None:  # every value not drawn on its own shares the last slot
                    labels.append(f"other ({other['values']} values)")
                # Deterministic jitter per job, so the strip is the same on every run.
                xs: list[float] = [
                    slot.get(p["value"], len(categories))
                    + random.Random(p["training_job_name"]).uniform(-0.22, 0.22)
                    for p in points
                ]
                many = len(labels) > 5
                ax.set_xticks(
                    range(len(labels)),
                    labels,
                    rotation=30 if many else 0,
                    ha="right" if many else "center",
                )
                ax.set_xlim(-0.6, len(labels) - 0.4)
            else:
                if axis == "linear":
                    bounds = [v for v in (chart["low"], chart["high"]) if v is not None]
                    x_unit, x_suffix = _units([p["value"] for p in points] + bounds)
                xs = [p["value"] / x_unit for p in points]
            ax.plot(xs, ys, "o", color=_BLUE, alpha=0.6, markersize=4, label="training job")
            if axis != "category":
                self._numeric_axis(ax, chart, xs, x_unit)
            best = chart["best"]
            if best is not None:
                bx = xs[points.index(best)]
                _best_star(ax, bx, best["objective"] / unit)
            title = chart["title"]
            if chart["best_at_bound"]:
                title += f" (best at the range {chart['best_at_bound']}imum)"
            ax.set_title(_label(title))
            # Hyperparameters have no unit the API knows of: the label says how the axis reads.
            if axis == "category":
                ax.set_xlabel(_label(f"{chart['name']} (categorical)"))
            else:
                kind = "integer" if chart["kind"] == "Integer" else "continuous"
                ax.set_xlabel(_label(f"{chart['name']} ({kind}, {SCALING_LABEL[axis]}{x_suffix})"))
            ax.set_ylabel(_label(self.objective_label + suffix))
            ax.grid(True, alpha=0.3)
            _legend(fig)

        return self.svg(f"hp{index}", chart["title"], draw, size=(5.2, 3.6))

    def _numeric_axis(
        self, ax: Any, chart: Mapping[str, Any], xs: Sequence[float], unit: float
    ) -> None:
        """Scale, bounds and limits of a numeric axis; ``xs`` and the bounds drawn in ``unit``."""
        axis = chart["axis"]
        low, high = chart["low"], chart["high"]
        if low is not None and high is not None:
            low, high = low / unit, high / unit
        if axis == "log":
            ax.set_xscale("log")
        elif axis == "reverse-log":
            np = self.np

            def forward(x: Any) -> Any:
                return -np.log10(np.clip(1.0 - np.asarray(x, dtype=float), 1e-12, None))

            def inverse(y: Any) -> Any:
                return 1.0 - np.power(10.0, -np.asarray(y, dtype=float))

            ax.set_xscale("function", functions=(forward, inverse))
            top = math.ceil(scale("reverse-log", max([*xs, high or 0.0])))
            # 0, 0.9, 0.99...: evenly spaced on this scale, like decades on a log axis.
            ticks = {1.0 - 10.0**-k for k in range(0, max(top, 1) + 1)}
            ticks |= {v for v in (low, high) if v is not None}
            ax.xaxis.set_major_locator(self.ticker.FixedLocator(sorted(ticks)))
            ax.xaxis.set_major_formatter(self.ticker.FormatStrFormatter("%g"))
        shown = list(xs)
        if chart["bounds_declared"] and low is not None and high is not None:
            at = chart["best_at_bound"]
            for which, value, said in (("min", low, chart["low"]), ("max", high, chart["high"])):
                pressed = at == which
                ax.axvline(
                    value,
                    color=_VERMILLION if pressed else _GREY,
                    linestyle="--",
                    linewidth=1.8 if pressed else 1.0,
                    label=f"range {which} {said:g}",
                )
            shown += [low, high]  # room beyond the bounds, so both lines stay visible
        # Set here, never autoscaled: matplotlib's margins on a log axis spanning the doubles
        # (5e-324 to 1.7e308) would pass the largest double.
        left, right = _limits(axis, shown)
        ax.set_xlim(left, right)
        if axis == "log" and not 1e-300 < left < right < 1e300:
            # matplotlib's LogLocator ticks decades past the view, which beyond the doubles
            # are 0 or infinite and crash its formatter: name a few decades inside instead.
            first, last = math.ceil(math.log10(left)), math.floor(math.log10(right))
            step = max(1, math.ceil((last - first) / 6))
            decades = [10.0**k for k in range(first, last + 1, step)]
            ax.xaxis.set_major_locator(self.ticker.FixedLocator(decades))
            ax.xaxis.set_minor_locator(self.ticker.NullLocator())
        if chart["kind"] == "Integer" and axis == "linear" and unit == 1.0:
            ax.xaxis.set_major_locator(self.ticker.MaxNLocator(integer=True))

    def parallel(self, chart: Mapping[str, Any]) -> str:
        def draw(fig: Any) -> None:
            ax = fig.add_subplot()
            axes = chart["axes"]
            count = len(axes)
            for i, a in enumerate(axes):
                ax.axvline(i, color=_GREY, linewidth=0.8)
                if a["kind"] == "Categorical":
                    values = a["values"]
                    # Too many categories to name them all (free text): name the top jobs'.
                    named = (
                        set(values)
                        if len(values) <= MAX_CATEGORIES
                        else {line["values"][i] for line in chart["lines"]}
                    )
                    for j, v in enumerate(values):
                        if v not in named:
                            continue
                        y = 0.5 if len(values) == 1 else j / (len(values) - 1)
                        ax.text(
                            i + 0.04,
                            y,
                            _label(v, _TICK_CHARS),
                            fontsize=7,
                            va="center",
                            color="#333333",
                        )
                        named.discard(v)
                elif a["low"] is not None and a["high"] is not None:
                    ax.text(i, 1.04, f"{a['high']:.4g}", fontsize=7, ha="center", va="bottom")
                    ax.text(i, -0.04, f"{a['low']:.4g}", fontsize=7, ha="center", va="top")
            lines = chart["lines"]
            for line in reversed(lines):  # the best drawn last, on top
                ys = [float("nan") if y is None else y for y in line["positions"]]
                is_best = line["rank"] == 1
                ax.plot(
                    range(count),
                    ys,
                    "-o",
                    color=_VERMILLION if is_best else _BLUE,
                    linewidth=2.4 if is_best else 1.0,
                    markersize=3,
                    alpha=1.0 if is_best else 0.25 + 0.5 * (1 - line["rank"] / (len(lines) + 1)),
                    label="best job" if is_best else None,
                )
            if len(lines) > 1:
                ax.plot(
                    [], [], "-", color=_BLUE, alpha=0.6, label="other top jobs (darker: better)"
                )
            ax.set_xticks(
                range(count),
                [
                    _label(a["name"], _TICK_CHARS) + (" (log)" if a["axis"] == "log" else "")
                    for a in axes
                ],
                rotation=20 if count > 5 else 0,
                ha="right" if count > 5 else "center",
            )
            ax.set_xlim(-0.3, count - 0.5)
            ax.set_ylim(-0.15, 1.15)
            ax.set_yticks([0, 0.5, 1], ["min", "mid", "max"])
            ax.set_ylabel("Position in the range (min to max)")
            ax.set_xlabel("Tuned hyperparameter (range axis), then the objective (better is up)")
            ax.set_title(_label(chart["title"]))
            ax.spines["left"].set_visible(False)
            _legend(fig)

        return self.svg("parallel", chart["title"], draw)

    def failures(self, chart: Mapping[str, Any]) -> str:
        shown = chart["groups"][:12]

        def draw(fig: Any) -> None:
            ax = fig.add_subplot()
            labels = [_label(g["reason"], 60) for g in shown]
            counts = [g["count"] for g in shown]
            ys = list(range(len(shown)))
            ax.barh(ys, counts, color=_VERMILLION, height=0.6)
            ax.set_yticks(ys, labels)
            ax.invert_yaxis()  # the most common reason on top
            for y, c in zip(ys, counts, strict=True):
                ax.text(c, y, f" {c}", va="center", fontsize=8)
            ax.xaxis.set_major_locator(self.ticker.MaxNLocator(integer=True))
            ax.set_xlabel("Failed training jobs (count)")
            ax.set_ylabel("FailureReason")
            title = chart["title"]
            if len(chart["groups"]) > len(shown):
                title += f" (top {len(shown)} of {len(chart['groups'])} reasons)"
            # Over the figure, not the axes: long reason labels leave the axes narrow.
            fig.suptitle(_label(title), fontsize=10.5, fontweight="bold")
            ax.grid(True, axis="x", alpha=0.3)

        # One bar a reason: the height grows with the reasons instead of fattening the bars.
        return self.svg("failures", chart["title"], draw, size=(7.0, 1.5 + 0.32 * len(shown)))


def _best_star(ax: Any, x: float, y: float) -> None:
    """The best training job, drawn alike on every chart that marks it."""
    ax.plot([x], [y], "*", color=_ORANGE, markeredgecolor="black", markersize=13, label="best job")


def _legend(fig: Any) -> None:
    """The legend under the chart, where it never hides a point."""
    handles, labels = fig.axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncol=min(len(handles), 5),
            fontsize=8,
            frameon=False,
        )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _inline_svg(svg: str, key: str, title: str) -> str:
    """matplotlib's SVG made fit to sit inside an HTML page beside others.

    Drops the XML prolog and the metadata, prefixes every id with the chart's key (matplotlib
    names its groups ``figure_1``, ``axes_1``... in every file), scopes its style sheet to the
    report, and labels the image for assistive technology.
    """
    svg = _SVG_PROLOG.sub("", svg, count=1)
    svg = _SVG_METADATA.sub("", svg)
    svg = _SVG_ID.sub(lambda m: f'id="{key}-{m.group(1)}"', svg)
    svg = _SVG_REF.sub(lambda m: f'{m.group(1)}="#{key}-{m.group(2)}"', svg)
    svg = _SVG_URL.sub(lambda m: f"url(#{key}-{m.group(1)})", svg)
    svg = _SVG_STYLE_ALL.sub('<style type="text/css">.smt-report svg *{', svg)
    label = f'class="smt-chart" role="img" aria-labelledby="{key}-caption" data-chart="{key}"'
    title_element = f"<title>{html.escape(title)}</title>"
    return _SVG_OPEN.sub(lambda m: f"<svg {label}{m.group(1)}>\n {title_element}", svg, count=1)
