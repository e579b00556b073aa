"""Extraction spread over processes: N on this machine (`workers`), or the workers of a Dask
cluster (`dask`: a scheduler address, or "local" for a LocalCluster on this machine).

Entry point: `extract_batches(batches, ...)`. Batches of articles go out; for each batch, in
input order, a list of (article, mentions or an error message) comes back. Only extraction
runs remotely: reading, storing and merging stay in the calling process, which keeps the
database single-writer. At most a few batches per worker are in flight, so memory stays flat
however long the stream.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .models import Article, Mention

Result = list[tuple[Article, list[Mention] | str]]
IN_FLIGHT = 3  # batches per worker: enough to keep each busy, few enough to bound memory


@lru_cache(maxsize=1)
def _tools():
    """The spaCy pipeline and the gazetteer, loaded once per worker process."""
    from .nlp import load_nlp
    from .resolve.gazetteer import default_gazetteer

    return load_nlp(), default_gazetteer()


def extract_batch(articles: list[Article], screened: bool = True, nlp=None,
                  gazetteer=None) -> Result:
    """Mentions of each article; an article whose extraction raises gets the error instead,
    so that one bad article never costs the others."""
    from .detect import detect_mentions
    from .nlp import parse

    if nlp is None or gazetteer is None:
        own_nlp, own_gazetteer = _tools()
        nlp, gazetteer = nlp or own_nlp, gazetteer or own_gazetteer
    out: Result = []
    for article, doc in parse(nlp, articles, screened=screened):
        try:
            out.append((article, detect_mentions(article, doc, gazetteer)))
        except Exception as exc:  # recorded as the article's failure by the caller
            out.append((article, f"extraction error ({type(exc).__name__}: {exc})"))
    return out


def extract_batches(batches: Iterable[list[Article]], screened: bool = True, nlp=None,
                    gazetteer=None, workers: int = 1,
                    dask: str | None = None) -> Iterator[Result]:
    if dask:
        yield from _with_dask(batches, screened, dask, workers)
    elif workers > 1:
        yield from _with_processes(batches, screened, workers)
    else:
        for batch in batches:
            yield extract_batch(batch, screened, nlp, gazetteer)


def _ordered(submit, batches, window: int) -> Iterator[Result]:
    """Results in input order, with at most `window` batches submitted and not yet taken."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft()()
    while pending:
        yield pending.popleft()()


def _with_processes(batches, screened: bool, workers: int) -> Iterator[Result]:
    import multiprocessing

    # forkserver: workers start clean (no copy of the caller's threads or open database)
    context = multiprocessing.get_context("forkserver")
    with context.Pool(workers) as pool:
        yield from _ordered(lambda b: pool.apply_async(extract_batch, (b, screened)).get,
                            batches, workers * IN_FLIGHT)


def _with_dask(batches, screened: bool, address: str, workers: int) -> Iterator[Result]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from .errors import SitrepsError

        raise SitrepsError("--dask needs dask.distributed",
                           "pip install 'dask[distributed]'") from None
    import dask

    cluster = None
    if address == "local":
        # Workers we start are set up for this work: the sampling profiler would interrupt
        # our CPU-bound Python every 10 ms, and the nanny's MALLOC_TRIM_THRESHOLD_ makes
        # glibc hand memory back after every free, which slows the parse by about a tenth.
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
        environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        with dask.config.set({"distributed.worker.profile.enabled": False,
                              "distributed.nanny.pre-spawn-environ": environ}):
            cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1,
                                   processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        window = IN_FLIGHT * max(1, len(client.scheduler_info()["workers"]))
        yield from _ordered(
            lambda b: client.submit(extract_batch, b, screened, pure=False).result,
            batches, window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
