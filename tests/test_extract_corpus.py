"""Extraction measured on the shared corpus (skips where ../shared is absent).

The thresholds are what extraction reaches now, a little below, so that a change that makes it worse
fails here; ``bench/extract.py`` prints every figure.
"""

import importlib.util
from pathlib import Path

import pytest

from articles.extract import extract

BENCH = Path(__file__).resolve().parent.parent / "bench" / "extract.py"


@pytest.fixture
def bench(corpus):
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ggt(bench, corpus):
    shared = corpus.parent
    # Measured on all 49: direct_strict_f1 0.970, all_cover30_f1 0.885 (P 0.883, R 0.887),
    # direct_speaker_strict 0.931, all_speaker_strict 0.872, people_f1 0.897.
    scores = bench.evaluate(shared, "ggt")
    assert scores["direct_strict_f1"] >= 0.96
    assert scores["all_cover30_f1"] >= 0.87
    assert scores["all_cover30_r"] >= 0.87
    assert scores["direct_speaker_strict"] >= 0.92
    assert scores["all_speaker_strict"] >= 0.86
    assert scores["people_f1"] >= 0.88
    # With person speakers only, as the export shows them while it leaves speaker_text out.
    person_only = bench.evaluate(shared, "ggt", speaker_text=False)
    assert person_only["direct_speaker_strict"] >= 0.87


def test_ggt_check_half_keeps_up_with_the_dev_half(bench, corpus):
    """Rules are developed against the first 34 articles; the other 15 check that they generalise: the
    check half never drops below where it stands, nor far behind the dev half. (A rule for a general
    construction may lift only the dev half, whose articles happen to hold it: the gap may grow a little
    while the check half holds.)"""
    shared = corpus.parent
    dev, check = bench.evaluate(shared, "ggt", half="dev"), bench.evaluate(shared, "ggt", half="check")
    assert check["all_cover30_f1"] >= 0.88
    assert check["direct_strict_f1"] >= 0.96
    assert check["all_speaker_strict"] >= 0.87
    assert check["all_cover30_f1"] >= dev["all_cover30_f1"] - 0.06
    assert check["direct_strict_f1"] >= dev["direct_strict_f1"] - 0.05


def test_dev(bench, corpus):
    scores = bench.evaluate(corpus.parent, "dev")
    assert scores["direct_strict_r"] == 1.0
    assert scores["direct_strict_p"] == 1.0
    assert scores["direct_speaker_strict"] == 1.0
    # All nine gold quotations, reported speech too, each with its speaker.
    assert scores["all_cover30_r"] == 1.0
    assert scores["all_speaker_strict"] == 1.0
    assert scores["people_f1"] == 1.0


def test_dev_folds_the_misspelling(bench, corpus):
    [(_, body)] = bench.dev_bodies(corpus.parent)
    extraction = extract(body)
    kadyrov = next(p for p in extraction.people if p.name == "Ramzan Kadyrov")
    assert "Kaydrov" in kadyrov.aliases
    assert kadyrov.role == "Chechnya head"
