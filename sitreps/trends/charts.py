"""PNG charts (matplotlib, no display needed): small multiples of a series, and the profile of
violence around rounds of talks. Each chart carries a caption that states its data."""

from __future__ import annotations

import datetime as dt
import io

MAX_PANELS = 9


def _figure(panels: int):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = min(3, panels)
    rows = (panels + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 2.6 * rows + 0.9), squeeze=False,
                             sharex=True)
    return fig, [a for row in axes for a in row]


def _png(fig, caption: str) -> bytes:
    import textwrap

    lines = textwrap.wrap(caption, int(fig.get_figwidth() * 15))
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=8, color="#52606d", va="bottom")
    fig.tight_layout(rect=(0, (0.2 + 0.15 * len(lines)) / fig.get_figheight(), 1, 1))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def series_chart(data: dict[str, list[dict]], caption: str, freq: str = "week") -> bytes:
    """One panel per group (the largest first): events as bars, fatalities as a line."""
    from matplotlib.ticker import MaxNLocator

    groups = list(data)[:MAX_PANELS]
    fig, axes = _figure(max(1, len(groups)))
    width = 6 if freq == "week" else 25
    for ax, group in zip(axes, groups):
        days = [dt.date.fromisoformat(p["period"]) for p in data[group]]
        ax.bar(days, [p["events"] for p in data[group]], width=width, color="#829ab1",
               label="events")
        ax.set_title(group, fontsize=9, loc="left")
        ax.tick_params(labelsize=7, labelbottom=True)
        ax.spines[["top", "right"]].set_visible(False)
        twin = ax.twinx()
        twin.plot(days, [p["fatalities"] for p in data[group]], color="#c81e1e", lw=1,
                  label="fatalities")
        twin.tick_params(labelsize=7, colors="#c81e1e")
        twin.set_ylim(bottom=0, top=max(1, max(p["fatalities"] for p in data[group])) * 1.05)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        twin.spines[["top"]].set_visible(False)
    for ax in axes[len(groups):]:
        ax.axis("off")
    if not groups:
        axes[0].text(0.5, 0.5, "no dated events", ha="center", va="center")
    axes[0].figure.autofmt_xdate()
    return _png(fig, caption + f" Bars: events per {freq} (left axis); red line: fatalities "
                               f"(right axis).")


def talks_chart(result: dict) -> bytes:
    """Mean violent events and fatalities per day around a round of talks, with the
    baseline of the whole period."""
    fig, (left, right) = _figure(2)
    offsets = [p["offset"] for p in result["profile"]]
    days = result["period"]["days"]
    for ax, key, colour, title in ((left, "events", "#1f77b4", "violent events per day"),
                                   (right, "fatalities", "#c81e1e", "fatalities per day")):
        ax.bar(offsets, [p[key] for p in result["profile"]], color=colour, alpha=0.75)
        ax.axhline(result["baseline"][key] / result["window"], color="#333", ls="--", lw=1,
                   label="baseline (whole period)")
        ax.axvline(0, color="#f0b429", lw=2, label="round of talks")
        rounds = f"{result['rounds']} round" + ("s" if result["rounds"] != 1 else "")
        ax.set_title(f"{title}, mean over {rounds}", fontsize=9, loc="left")
        ax.set_xlabel("days from the round of talks", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(fontsize=7, frameon=False)
    caption = (result["summary"] + f" Data: {result['violent_events']} violent events "
               f"(battles, explosions, violence against civilians) over {days} days, coded "
               "by sitreps from news articles.")
    return _png(fig, caption)
