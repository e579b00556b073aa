"""The command line: a thin skin over sitreps.pipeline, sitreps.store and sitreps.export."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import InputError, SitrepsError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn news articles about armed conflict into a database of sourced events.")
console = Console()
err = Console(stderr=True)

DB_HELP = ("SQLite file, or a PostgreSQL URL postgresql://user:password@host:5432/name "
           "(default ./sitreps.db, or $SITREPS_DB).")


def fail(exc: SitrepsError, code: int = 2):
    err.print(f"[red]error:[/red] {exc.message}" + (f"\n  hint: {exc.hint}" if exc.hint else ""),
              highlight=False)
    raise typer.Exit(code)


def _date_option(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD", param_hint=name)


def _open_store(db: str | None, upgrade: bool = True):
    from .store import Store
    try:
        store = Store(db, upgrade=upgrade)
    except SitrepsError as exc:
        fail(exc)
    before, now = store.upgraded
    if 0 < before < now:  # say so: an upgraded database cannot be read by an older sitreps
        err.print(f"note: upgraded {store.path} from schema {before} to {now}", highlight=False)
    return store


@app.command()
def ingest(sources: list[str] = typer.Argument(..., help="Files, folders, URLs or feeds."),
           db: str = typer.Option(None, "--db", help=DB_HELP),
           published: str = typer.Option(None, help="Published date (YYYY-MM-DD) for texts that give none."),
           no_merge: bool = typer.Option(False, "--no-merge", help="Keep every report an event of its own."),
           no_screen: bool = typer.Option(False, "--no-screen", help="Parse every sentence, "
                                          "not only those that may report something."),
           workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                       help="Processes that extract in parallel."),
           dask: str = typer.Option(None, "--dask", help="Extract on a Dask cluster: its "
                                    "scheduler address, or 'local' for a LocalCluster of "
                                    "--workers processes."),
           any_language: bool = typer.Option(False, "--any-language", help="Do not skip "
                                             "articles that are not in English.")):
    """Read articles, extract their events, merge them into the database and summarize."""
    from .pipeline import ingest_articles
    from .read import read_sources

    day = _date_option(published, "--published")
    store = _open_store(db)
    items = read_sources(sources, published=day)  # a stream: nothing is read ahead
    with Progress(TextColumn("{task.description}"), TextColumn("{task.completed} articles"),
                  TimeElapsedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task("ingesting", total=None)
        try:
            summary = ingest_articles(items, store, on_article=lambda: progress.advance(task),
                                      merge=not no_merge, screened=not no_screen,
                                      workers=workers, dask=dask, any_language=any_language)
        except SitrepsError as exc:
            fail(exc)
    console.print(f"articles read {summary.read}: {summary.added} new, "
                  f"{summary.duplicates} already in the database; {summary.failed} failed")
    for reason, n in sorted(summary.reasons.items()):
        console.print(f"  failed ({reason}): {n}")
    console.print(f"mentions found {summary.mentions}; events in {store.path}: {summary.events}")
    store.close()
    if summary.read == 0 and summary.failed:
        err.print("error: no article could be read\n  hint: see `sitreps failures`")
        raise typer.Exit(2)


@app.command()
def extract(file: str = typer.Argument(..., help="One article: .txt, .html, .json or a URL."),
            published: str = typer.Option(None, help="Published date (YYYY-MM-DD).")):
    """Print one article's events as JSON; no database is touched."""
    from .models import Article
    from .pipeline import extract_events
    from .read import read_sources

    items = list(read_sources([file], published=_date_option(published, "--published")))
    articles = [a for a in items if isinstance(a, Article)]
    if not articles:
        reason = items[0].reason if items else "nothing to read"
        fail(SitrepsError(f"{file}: {reason}", "give a text, HTML or JSON article"))
    try:
        out = {a.id: extract_events(a) for a in articles}
    except SitrepsError as exc:
        fail(exc)
    json.dump(out if len(out) > 1 else next(iter(out.values())), sys.stdout, indent=2,
              ensure_ascii=False)
    sys.stdout.write("\n")


@app.command()
def events(db: str = typer.Option(None, "--db", help=DB_HELP),
           country: str = typer.Option(None, help="ISO code, e.g. AF."),
           since: str = typer.Option(None, help="YYYY-MM-DD"),
           until: str = typer.Option(None, help="YYYY-MM-DD"),
           type: str = typer.Option(None, "--type", help="Event type or sub-event type."),
           actor: str = typer.Option(None, help="Part of an actor's name."),
           limit: int = typer.Option(50, help="How many events to show.")):
    """Show the events in the database as a table."""
    store = _open_store(db)
    rows = store.events(country=country, since=_date_option(since, "--since"),
                        until=_date_option(until, "--until"), event_type=type, actor=actor,
                        limit=limit)
    table = Table(show_lines=False, header_style="bold")
    for col in ("date", "type", "actors", "where", "killed", "inj.", "src"):
        table.add_column(col, overflow="fold")
    for r in rows:
        where = ", ".join(x for x in (r["location"], r["admin1"], r["country"]) if x)
        table.add_row(r["date_start"] or "?", r["sub_event_type"],
                      " vs ".join(a for a in (r["actor1"], r["actor2"]) if a),
                      where, _best(r["fatalities"]), _best(r["injured"]),
                      str(len(r["article_ids"])))
    console.print(table)
    console.print(f"{len(rows)} of {store.count_events()} events")
    store.close()


def _best(figure) -> str:
    if not figure:
        return ""
    prefix = "≥" if figure.get("high") is None and figure.get("low") is not None else ""
    return f"{prefix}{figure['best']}"


@app.command()
def export(format: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or geojson."),
           out: Path = typer.Option(None, "-o", "--out", help="File to write (default stdout)."),
           db: str = typer.Option(None, "--db", help=DB_HELP)):
    """Write every event as JSON Lines (SCHEMA.md), ACLED-style CSV or GeoJSON."""
    from .export import FORMATS, write

    if format not in FORMATS:
        raise typer.BadParameter(f"'{format}' is not one of {', '.join(FORMATS)}",
                                 param_hint="--format")
    store = _open_store(db)
    records = store.events()
    meta = store.article_meta()
    if out:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            n = write(records, format, fh, meta)
        err.print(f"{n} events written to {out}")
    else:
        write(records, format, sys.stdout, meta)
    store.close()


@app.command()
def failures(db: str = typer.Option(None, "--db", help=DB_HELP)):
    """List the inputs that could not be ingested, with the reason."""
    store = _open_store(db)
    rows = store.failures()
    table = Table(header_style="bold")
    for col in ("when", "source", "stage", "reason"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["at"], r["source"], r["stage"], r["reason"])
    console.print(table)
    console.print(f"{len(rows)} failures")
    store.close()


@app.command(name="eval")
def eval_(articles: Path = typer.Option(..., help="articles.jsonl of a benchmark set."),
          gold: Path = typer.Option(..., help="gold.jsonl of the same set."),
          scorer: Path = typer.Option(None, help="score.py (default: found beside the gold)."),
          keep: Path = typer.Option(None, help="Folder to keep the database and export in."),
          as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
          no_merge: bool = typer.Option(False, "--no-merge", help="Score with merging turned off."),
          no_screen: bool = typer.Option(False, "--no-screen", help="Score with the screen off.")):
    """Ingest a benchmark set into a temporary database, export it and score it."""
    from .evaluate import evaluate

    for path in (articles, gold):
        if not path.exists():
            fail(SitrepsError(f"{path}: no such file", "check the path"))
    try:
        result, _ = evaluate(articles, gold, scorer=scorer, workdir=keep, merge=not no_merge,
                             screened=not no_screen)
    except SitrepsError as exc:
        fail(exc)
    if as_json:
        console.print_json(json.dumps(result))
        return
    print(format_scores(result))


def format_scores(r: dict) -> str:
    lines = [f"articles {r['articles']}  gold events {r['gold_events']}  "
             f"predicted {r['pred_events']}  matched {r['matched']}",
             f"events   P {r['event_precision']:.3f}  R {r['event_recall']:.3f}  "
             f"F1 {r['event_f1']:.3f}   strict F1 {r['strict_f1']:.3f}"]
    lines += [f"  {k:<15} {v:.3f}" for k, v in r["field_accuracy"].items()]
    if r.get("dedup_f1") is not None:
        lines.append(f"dedup    P {r['dedup_precision']:.3f}  R {r['dedup_recall']:.3f}  "
                     f"F1 {r['dedup_f1']:.3f}")
    if r.get("admin1_accuracy") is not None:
        lines.append(f"province right on {r['admin1_accuracy']:.3f} of events found")
    lines.append(f"false events per 100 articles {r['false_events_per_100_articles']:.1f}")
    return "\n".join(lines)


gazetteer_app = typer.Typer(no_args_is_help=True, help="The offline place index.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import")
def gazetteer_import(files: list[Path] = typer.Argument(..., help="GeoNames dumps: allCountries.txt or "
                                                        "CC.txt, admin1CodesASCII.txt, admin2Codes.txt."),
                     out: Path = typer.Option(None, help="Index file to write (default: the cache).")):
    """Import full GeoNames dumps; the imported places take precedence over the embedded ones."""
    from .resolve.geonames_import import import_geonames

    missing = [str(f) for f in files if not f.exists()]
    if missing:
        fail(SitrepsError(f"no such file: {', '.join(missing)}", "check the paths"))
    with Progress(TextColumn("{task.description}"), TextColumn("{task.completed} lines"),
                  TimeElapsedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task("importing", total=None)
        try:
            n = import_geonames(files, out, on_line=lambda: progress.advance(task))
        except SitrepsError as exc:
            fail(exc)
    from .resolve.gazetteer import imported_path
    console.print(f"{n} places imported into {out or imported_path()}")


@gazetteer_app.command("lookup")
def gazetteer_lookup(name: str = typer.Argument(..., help="A place name, any spelling."),
                     limit: int = typer.Option(8, help="How many readings to show.")):
    """Show what a place name may mean, best-known first."""
    from .resolve.gazetteer import default_gazetteer

    table = Table(header_style="bold")
    for col in ("kind", "name", "country", "province", "district", "lat", "lon", "population", "match"):
        table.add_column(col)
    for r in default_gazetteer().lookup(name)[:limit]:
        table.add_row(r.kind, r.name, r.country, f"{r.admin1 or ''} {r.admin1_code or ''}".strip(),
                      r.admin2 or "", f"{r.latitude:.3f}" if r.latitude is not None else "",
                      f"{r.longitude:.3f}" if r.longitude is not None else "",
                      str(r.population), ("exact" if r.exact else "variant")
                      + (", imported" if r.imported else ""))
    console.print(table)


@app.command()
def trends(by: str = typer.Option(None, "--by", help="province, type, actor or country."),
           country: str = typer.Option(None, help="ISO code, e.g. AF."),
           since: str = typer.Option(None, help="YYYY-MM-DD"),
           until: str = typer.Option(None, help="YYYY-MM-DD"),
           freq: str = typer.Option("week", "--freq", help="week or month."),
           format: str = typer.Option("table", "--format", "-f", help="table, csv or png."),
           out: Path = typer.Option(None, "-o", "--out", help="File to write (png: "
                                                              "default trends.png)."),
           top: int = typer.Option(8, help="Groups shown in the table."),
           db: str = typer.Option(None, "--db", help=DB_HELP)):
    """Events and fatalities per week or month, overall or by province, type or actor."""
    from .trends import BY, FREQS, series
    from .trends.charts import series_chart

    if by not in BY:
        raise typer.BadParameter(f"'{by}' is not one of province, type, actor, country",
                                 param_hint="--by")
    if freq not in FREQS:
        raise typer.BadParameter(f"'{freq}' is not week or month", param_hint="--freq")
    if format not in ("table", "csv", "png"):
        raise typer.BadParameter(f"'{format}' is not table, csv or png", param_hint="--format")
    store = _open_store(db)
    first, last = _date_option(since, "--since"), _date_option(until, "--until")
    records = store.events(country=country, since=first, until=last)
    data = series(records, by, freq)
    store.close()
    if not data:
        console.print("No dated events match: ingest articles first, or widen the filters.")
        return
    periods = [p["period"] for p in next(iter(data.values()))]
    if format == "csv":
        import csv

        fh = open(out, "w", newline="", encoding="utf-8") if out else sys.stdout
        writer = csv.writer(fh)
        writer.writerow(["period", by or "group", "events", "fatalities"])
        for group, rows in data.items():
            for r in rows:
                writer.writerow([r["period"], group, r["events"], r["fatalities"]])
        if out:
            fh.close()
            err.print(f"{len(data)} series of {len(periods)} {freq}s written to {out}")
        return
    if format == "png":
        out = out or Path("trends.png")
        caption = (f"Events and fatalities per {freq}" + (f" by {by}" if by else "") +
                   (f", {country.upper()}" if country else ", all countries") +
                   f", {periods[0]} to {periods[-1]} ({len(records)} events; sitreps, coded "
                   "from news articles).")
        out.write_bytes(series_chart(data, caption, freq))
        err.print(f"chart of {min(len(data), 9)} series written to {out}")
        return
    groups = list(data)[:top]
    table = Table(header_style="bold", title=f"events (killed) per {freq}")
    table.add_column(freq, no_wrap=True)
    for g in groups:
        table.add_column(g, justify="right", overflow="fold")
    for i, period in enumerate(periods):
        cells = [data[g][i] for g in groups]
        if any(c["events"] for c in cells):
            table.add_row(period, *(f"{c['events']} ({c['fatalities']})" if c["events"] else ""
                                    for c in cells))
    console.print(table)
    if len(data) > top:
        console.print(f"{len(data) - top} smaller groups not shown (--top)")


@app.command()
def talks(window: int = typer.Option(14, min=1, max=365, help="Days before and after."),
          country: str = typer.Option(None, help="Count violence in this country only."),
          chart: Path = typer.Option(Path("talks.png"), help="Where to write the chart."),
          db: str = typer.Option(None, "--db", help=DB_HELP)):
    """Violence before and after rounds of talks and agreements, against the baseline."""
    from .trends.charts import talks_chart
    from .trends.talks import study

    store = _open_store(db)
    result = study(store.events(), window, country)
    store.close()
    if result["message"]:
        console.print(result["message"])
        return
    table = Table(header_style="bold", title=f"violent events (killed), {window} days "
                                             "before and after each round")
    for col in ("date", "talks", "where", "before", "after"):
        table.add_column(col, overflow="fold")
    for r in result["rows"]:
        table.add_row(r["date"], r["what"] + (f": {r['actors']}" if r["actors"] else ""),
                      r["where"], f"{r['events_before']} ({r['fatalities_before']})",
                      f"{r['events_after']} ({r['fatalities_after']})")
    console.print(table)
    actors = Table(header_style="bold", title="by actor (all rounds together)")
    for col in ("actor", "before", "after"):
        actors.add_column(col)
    for a in result["by_actor"]:
        actors.add_row(a["actor"], f"{a['before']} ({a['fatalities_before']})",
                       f"{a['after']} ({a['fatalities_after']})")
    console.print(actors)
    console.print(result["summary"])
    chart.write_bytes(talks_chart(result))
    err.print(f"chart written to {chart}")


@app.command()
def watch(feeds: list[str] = typer.Argument(..., help="RSS or Atom feed URLs."),
          every: str = typer.Option("5m", help="Polling interval: 30s, 5m, 1h."),
          rounds: int = typer.Option(None, min=1, help="Stop after this many polls "
                                                       "(default: run until interrupted)."),
          workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                      help="Processes that extract in parallel."),
          db: str = typer.Option(None, "--db", help=DB_HELP)):
    """Poll feeds and ingest the items not seen before, so that events appear minutes after
    publication. What was seen is remembered in the database across restarts."""
    from .watch import parse_every, watch as run_watch

    try:
        seconds = parse_every(every)
    except SitrepsError as exc:
        fail(exc)
    store = _open_store(db)
    console.print(f"watching {len(feeds)} feed(s) every {every}; Ctrl-C stops")
    try:
        run_watch(store, feeds, seconds, rounds, report=console.print, workers=workers)
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        store.close()


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(db: str = typer.Option(None, "--db", help=DB_HELP),
          host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8000, help="Port."),
          token: str = typer.Option(None, envvar="SITREPS_TOKEN",
                                    help="Token the write endpoints (ingest, review) require. "
                                         "Made up and printed when HOST is not loopback.")):
    """Serve the dashboard and the API over the database (API docs at /docs)."""
    import secrets

    import uvicorn

    from .serve import create_app

    if token is None and host not in LOOPBACK:
        token = secrets.token_urlsafe(18)
        console.print(f"listening on {host}: ingest and review need the token {token}")
    try:
        application = create_app(db, token=token)
    except SitrepsError as exc:
        fail(exc)
    console.print(f"serving {application.state.db} on http://{host}:{port} (API docs at /docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def review(event_id: str = typer.Argument(..., help="The event's id (see `sitreps export`)."),
           action: str = typer.Option("correct", "--action", "-a",
                                      help="confirm, reject or correct."),
           set_: list[str] = typer.Option([], "--set", help="FIELD=VALUE, for correct; again "
                                                             "for more fields."),
           note: str = typer.Option("", help="Why."),
           db: str = typer.Option(None, "--db", help=DB_HELP)):
    """Record a reviewer's decision on an event; it survives re-ingest and re-merge."""
    changes = {}
    for item in set_:
        name, sep, value = item.partition("=")
        if not sep:
            fail(InputError(f"--set {item!r} is not FIELD=VALUE", "e.g. --set fatalities=12"))
        changes[name.strip()] = value.strip()
    store = _open_store(db)
    try:
        record = store.review(event_id, action, changes, note)
    except SitrepsError as exc:
        fail(exc)
    if record is None:
        fail(InputError(f"no event {event_id}", "list the ids with `sitreps export`"))
    console.print(f"{event_id}: {record['review']['status']}")
    store.close()


db_app = typer.Typer(no_args_is_help=True, help="The database: its schema, and moving it.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: str = typer.Option(None, "--db", help=DB_HELP)):
    """Bring the database's schema up to date (any command also does it on first use)."""
    store = _open_store(db, upgrade=False)
    try:
        before, now = store.upgrade()
    except SitrepsError as exc:
        fail(exc)
    console.print(f"{store.path}: schema {before} -> {now}" if before < now
                  else f"{store.path}: schema {now}, up to date")
    store.close()


@db_app.command("copy")
def db_copy(source: str = typer.Argument(..., help="The database to copy: file or URL."),
            target: str = typer.Argument(..., help="An empty database: file or URL.")):
    """Copy a whole store (articles, mentions, events, claims, reviews, failures) from one
    database to another, e.g. from SQLite to PostgreSQL or back."""
    from .store.copy import copy

    src, dst = _open_store(source), _open_store(target)
    with Progress(TextColumn("copying"), TextColumn("{task.completed} rows"),
                  TimeElapsedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as progress:
        task = progress.add_task("copying", total=None)
        try:
            copied = copy(src, dst, on_rows=lambda n: progress.advance(task, n))
        except SitrepsError as exc:
            fail(exc)
    console.print(f"copied {src.path} to {dst.path}: " + ", ".join(
        f"{n} {table}" for table, n in copied.items() if n))
    src.close()
    dst.close()


def main():
    app()


if __name__ == "__main__":
    main()
