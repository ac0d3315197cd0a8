"""Extraction's speed and quality on the shared corpus, without a database.

    .venv/bin/python bench/extract.py [--shared ../shared] [--verbose] [--repeat 5]

Prints the CPU time per article (p50, p95, max, articles per second on one core, and the p95 scaled
to a 5 KB article; CPU time, so that other work on the machine does not count) with the time of a
fixed Python loop on the same machine (machines differ threefold: compare timings with it), then
the scorer's lines for ggt/ and dev/: each article's text runs through ``articles.extract.extract``
and is scored in the shape ``export_articles --format jsonl`` writes, with the scorer of
``../shared/score_extraction.py``.

The ggt articles are scored three ways: the first 34 by id (the half rules are developed against), the
last 15 (a check half, shown only as totals: ``--verbose`` never lists its items) and all 49. A rule
that raises the first half and lowers the check half fits the corpus, not the language.
"""

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.extract import extract  # noqa: E402


def load_scorer(shared):
    spec = importlib.util.spec_from_file_location("score_extraction", Path(shared) / "score_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record(name, body, extraction, speaker_text=True):
    """The article as the JSONL export shows it: people and quotations, speakers by full name, or
    (``speaker_text``) as the text names a speaker who is no person ("a spokesperson", "the EU")."""
    return {
        "file": name,
        "body": body,
        "people": [{"name": p.name, "aliases": p.aliases, "role": p.role or None} for p in extraction.people],
        "quotations": [
            {
                "text": q.text,
                "speaker": extraction.speaker_name(q) or (q.speaker_text if speaker_text else None) or None,
                "kind": q.kind,
                "cue": q.cue,
            }
            for q in extraction.quotations
        ],
    }


def ggt_bodies(shared):
    """(id, body) of the GenderGapTracker articles, the body as the JSONL import keeps the text."""
    path = Path(shared) / "corpus" / "ggt" / "articles.jsonl"
    with open(path, encoding="utf-8") as fh:
        return [(rec["id"], rec["text"].strip()) for rec in map(json.loads, filter(str.strip, fh))]


def dev_bodies(shared):
    from articles.ingest.text import parse_text_dump

    folder = Path(shared) / "corpus" / "dev"
    return [(p.name, parse_text_dump(p.read_bytes(), p.name).body) for p in sorted(folder.glob("*.txt"))]


DEV_HALF = 34


def evaluate(shared, corpus, verbose=False, speaker_text=True, half=None):
    """The scorer's summary for ``corpus`` ("ggt" or "dev"); ``half`` "dev" or "check" scores only the
    ggt articles whose id sorts in the first 34 or in the rest."""
    scorer = load_scorer(shared)
    bodies = ggt_bodies(shared) if corpus == "ggt" else dev_bodies(shared)
    gold = scorer.load(Path(shared) / "corpus" / corpus / "gold.jsonl")
    if half is not None:
        first = set(sorted(gold)[:DEV_HALF])
        gold = {name: g for name, g in gold.items() if (name in first) == (half == "dev")}
        bodies = [(name, body) for name, body in bodies if name in gold]
    predicted = {name: record(name, body, extract(body), speaker_text) for name, body in bodies}
    return scorer.score(gold, predicted, verbose=verbose and half != "check")


def timing(bodies, repeat):
    times, per_5kb = [], []
    for _ in range(repeat):
        for _, body in bodies:
            began = time.process_time()
            extract(body)
            took = (time.process_time() - began) * 1000
            times.append(took)
            per_5kb.append(took * 5 * 1024 / len(body.encode()))
    times.sort()
    per_5kb.sort()
    return {
        "articles": len(bodies),
        "mean KB": round(statistics.mean(len(b.encode()) for _, b in bodies) / 1024, 1),
        "p50 ms": round(times[len(times) // 2], 2),
        "p95 ms": round(times[int(len(times) * 0.95)], 2),
        "max ms": round(times[-1], 2),
        "articles/s": round(1000 * len(times) / sum(times)),
        "5 KB p95 ms": round(per_5kb[int(len(per_5kb) * 0.95)], 2),
    }


def machine_reference():
    """CPU milliseconds of a fixed pure-Python loop (median of five): how fast this machine runs
    Python, to compare the timings above between machines."""
    times = []
    for _ in range(5):
        began = time.process_time()
        sum(i * i for i in range(1_000_000))
        times.append((time.process_time() - began) * 1000)
    return round(statistics.median(times), 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument(
        "--verbose", action="store_true", help="list every missed, extra or misattributed quote"
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bodies = ggt_bodies(args.shared)
    extract(bodies[0][1])  # load the lexicons before timing
    row = timing(bodies, args.repeat)
    row["machine ref ms"] = machine_reference()
    print(" | ".join(f"{k:>10}" for k in row))
    print(" | ".join(f"{v:>10}" for v in row.values()))
    columns = {
        "ggt dev half": evaluate(args.shared, "ggt", args.verbose, half="dev"),
        "ggt check half": evaluate(args.shared, "ggt", half="check"),
        "ggt all": evaluate(args.shared, "ggt"),
        "dev": evaluate(args.shared, "dev", args.verbose),
    }
    print("\n" + f"{'':<24}" + "".join(f"{name:>16}" for name in columns))
    for key in columns["ggt all"]:
        # Titles, outlets and boilerplate are ingestion's: this harness gives the scorer none.
        if not key.startswith(("title", "source", "boilerplate")):
            print(f"{key:<24}" + "".join(f"{str(column.get(key)):>16}" for column in columns.values()))


if __name__ == "__main__":
    main()
