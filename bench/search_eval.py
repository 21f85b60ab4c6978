"""Statute retrieval benchmark on STARD dev (J3). Prints one JSON object.

Usage: .venv/bin/python bench/search_eval.py [--corpus ...] [--train ...] [--dev ...]
Skips (exit 0) when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import jieba
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fawang.knowledge.engine import Doc, SearchEngine, load_stard_training  # noqa: E402
from fawang.knowledge.engine.index import BM25Index  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
KS = (1, 5, 10, 100)


def load_docs(path: Path) -> list[Doc]:
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            docs.append(
                Doc(
                    key=r["id"],
                    law=r["law"],
                    short=r["short"],
                    article=r["article"],
                    text=r["text"],
                    path=" / ".join(r["path"]),
                    level=r["level"],
                    current=bool(r.get("current", True)),
                    instrument_key=r["file"],
                )
            )
    return docs


def load_questions(path: Path) -> list[tuple[str, set[tuple[str, str]]]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["question"], {(lab["law"], lab["article"]) for lab in r["labels"]}) for r in rows]


def metrics(
    ranked: Sequence[Sequence[tuple[str, str]]], gold: Sequence[set[tuple[str, str]]]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for k in KS:
        out[f"recall@{k}"] = float(
            np.mean([len(g & set(r[:k])) / len(g) for r, g in zip(ranked, gold, strict=True)])
        )
    rr = []
    for r, g in zip(ranked, gold, strict=True):
        rr.append(next((1.0 / (i + 1) for i, key in enumerate(r) if key in g), 0.0))
    out["mrr"] = float(np.mean(rr))
    return {k: round(v, 4) for k, v in out.items()}


def baseline(docs: list[Doc]) -> Callable[[str], list[tuple[str, str]]]:
    """Plain jieba (default dictionary, precise mode) + BM25 over article text only."""
    jieba.setLogLevel(60)

    def tok(text: str) -> list[str]:
        return [t for t in jieba.lcut(text) if t.strip() and any(ch.isalnum() for ch in t)]

    index = BM25Index.build(tok(d.text) for d in docs)

    def run(q: str) -> list[tuple[str, str]]:
        scores = index.score({t: 1.0 for t in tok(q)})
        top = np.argsort(-scores)[:100]
        return [(docs[i].law, docs[i].article) for i in top]

    return run


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DATA / "statutes" / "statutes_current.jsonl.gz")
    ap.add_argument("--train", type=Path, default=DATA / "eval" / "stard_train.jsonl")
    ap.add_argument("--dev", type=Path, default=DATA / "eval" / "stard_dev.jsonl")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--fit-ranker",
        type=Path,
        metavar="OUT",
        help="fit the second-stage model on --train only (cross-fitted) and write it to OUT "
        "(fawang/knowledge/engine/data/ranker.npz to ship it); needs scikit-learn",
    )
    ap.add_argument("--cache", type=Path, help="index cache dir (default: a fresh temporary dir)")
    args = ap.parse_args()
    if not (args.corpus.exists() and args.train.exists() and args.dev.exists()):
        print(f"search_eval: data not found under {args.corpus.parent.parent}, skipping")
        return 0

    docs = load_docs(args.corpus)
    training = load_stard_training(args.train)
    dev = load_questions(args.dev)
    gold = [g for _, g in dev]
    report: dict[str, object] = {"docs": len(docs), "dev_questions": len(dev)}

    if args.fit_ranker is not None:
        engine = SearchEngine.build(docs, training=training, cache_dir=args.cache, rerank=False)
        t0 = time.perf_counter()
        model = engine.fit_ranker(training)
        args.fit_ranker.parent.mkdir(parents=True, exist_ok=True)
        with args.fit_ranker.open("wb") as fh:
            np.savez_compressed(fh, **model.to_arrays())  # type: ignore[arg-type]
        print(f"ranker fitted on {args.train} in {time.perf_counter() - t0:.1f}s -> {args.fit_ranker}")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        t0 = time.perf_counter()
        engine = SearchEngine.build(docs, training=training, cache_dir=cache)
        report["build_seconds" if args.cache else "build_seconds_uncached"] = round(
            time.perf_counter() - t0, 2
        )
        t0 = time.perf_counter()
        SearchEngine.build(docs, training=training, cache_dir=cache)
        report["build_seconds_cached"] = round(time.perf_counter() - t0, 2)
        report["second_stage"] = engine.ranker is not None
        fused_only = SearchEngine.build(docs, training=training, cache_dir=cache, rerank=False)
        report["engine_fusion_only"] = metrics(
            [[(h.law, h.article) for h in fused_only.search(q, top_k=100)] for q, _ in dev], gold
        )
        del fused_only

    for q, _ in dev[:20]:  # warm-up
        engine.search(q, top_k=10)
    ranked, lat10, lat100, cpu10 = [], [], [], []
    for q, _ in dev:
        t0, c0 = time.perf_counter(), time.process_time()
        engine.search(q, top_k=10)
        lat10.append(time.perf_counter() - t0)
        cpu10.append(time.process_time() - c0)
        t0 = time.perf_counter()
        hits = engine.search(q, top_k=100)
        lat100.append(time.perf_counter() - t0)
        ranked.append([(h.law, h.article) for h in hits])
    report["engine"] = metrics(ranked, gold)
    report["latency_ms_top10"] = {
        "p50": round(float(np.percentile(lat10, 50)) * 1000, 2),
        "p95": round(float(np.percentile(lat10, 95)) * 1000, 2),
    }
    # CPU time per search: less sensitive than wall time to other jobs on a shared machine.
    report["cpu_ms_top10"] = {
        "p50": round(float(np.percentile(cpu10, 50)) * 1000, 2),
        "p95": round(float(np.percentile(cpu10, 95)) * 1000, 2),
    }
    report["latency_ms_top100"] = {
        "p50": round(float(np.percentile(lat100, 50)) * 1000, 2),
        "p95": round(float(np.percentile(lat100, 95)) * 1000, 2),
    }
    report["peak_rss_mb_engine"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if not args.no_baseline:
        run = baseline(docs)
        report["baseline_jieba_bm25"] = metrics([run(q) for q, _ in dev], gold)
    report["peak_rss_mb_total"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
