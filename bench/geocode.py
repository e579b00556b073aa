#!/usr/bin/env python3
"""What resolving places costs: extraction time (parse + detect) over the shared benchmark
articles with the real gazetteer, against the same run with a gazetteer that knows no place.

Usage: python bench/geocode.py [--benchmarks ../shared/benchmarks] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sitreps.detect import detect_mentions
from sitreps.models import Article
from sitreps.nlp import load_nlp, parse
from sitreps.read import read_sources
from sitreps.resolve.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent


class NoPlaces:
    """A gazetteer that knows nothing: detection runs the same, minus place resolution."""

    def lookup(self, name):
        return []

    def admin1(self, code):
        return None


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--benchmarks", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted(str(p) for p in args.benchmarks.glob("*/articles.jsonl"))
    articles = [a for a in read_sources(files) if isinstance(a, Article)]
    nlp = load_nlp()
    best = {"parse": float("inf"), "with places": float("inf"), "without": float("inf")}
    for _ in range(args.repeat):
        start = time.perf_counter()
        docs = list(parse(nlp, articles))
        best["parse"] = min(best["parse"], time.perf_counter() - start)
        for name, gazetteer in (("with places", Gazetteer()), ("without", NoPlaces())):
            start = time.perf_counter()
            for article, doc in docs:
                detect_mentions(article, doc, gazetteer)
            best[name] = min(best[name], time.perf_counter() - start)
    with_places = best["parse"] + best["with places"]
    without = best["parse"] + best["without"]
    print(f"{len(articles)} articles, best of {args.repeat}: parse {best['parse']:.2f} s, "
          f"detect with places {best['with places']:.2f} s, without {best['without']:.2f} s")
    print(f"extraction with places {with_places:.2f} s, without {without:.2f} s: "
          f"resolving places adds {100 * (with_places / without - 1):.1f}%")


if __name__ == "__main__":
    main()
