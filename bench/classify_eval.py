"""Dispute-category accuracy by stratified 5-fold cross-validation. Prints one JSON object.

Figures: the classifier without a training file (lexicon + statute hits), the same plus the softmax
text model fitted on the four training folds (as shipped when a training file is configured), that model
alone, the older naive Bayes alone, and the ensemble for a grid of model weights. Test folds are
never trained on. Skips (exit 0) when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
from search_eval import load_docs  # noqa: E402

from fawang.knowledge.engine import (  # noqa: E402
    CATEGORIES,
    CategoryClassifier,
    Hit,
    SearchEngine,
    bundled_training,
)
from fawang.knowledge.engine.classify import NaiveBayes  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def stratified_folds(labels: list[str], k: int, seed: int) -> list[int]:
    by_class: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_class[label].append(i)
    fold = [0] * len(labels)
    rng = random.Random(seed)
    for members in by_class.values():
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold[i] = j % k
    return fold


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA / "eval" / "category_train.jsonl")
    ap.add_argument("--corpus", type=Path, default=DATA / "statutes" / "statutes_current.jsonl.gz")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "fawang-search-cache")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"classify_eval: {args.data} not found, skipping")
        return 0
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [str(r["question"]) for r in rows]
    labels = [str(r["category"]) for r in rows]

    hits: list[list[Hit]] = [[] for _ in texts]
    if args.corpus.exists():
        engine = SearchEngine.build(
            load_docs(args.corpus),
            training=bundled_training(),
            cache_dir=args.cache,
        )
        hits = [engine.search(t, top_k=20) for t in texts]

    report: dict[str, object] = {
        "rows": len(rows),
        "folds": args.folds,
        "seeds": args.seeds,
        "statute_hits": args.corpus.exists(),
    }
    plain = CategoryClassifier()
    t0 = time.perf_counter()
    correct = {"no_training_file": 0, "with_training_file": 0, "softmax_only": 0, "naive_bayes_only": 0}
    weight_grid = (0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
    by_weight = dict.fromkeys(weight_grid, 0)
    for seed in range(args.seeds):
        fold = stratified_folds(labels, args.folds, seed)
        for f in range(args.folds):
            train = [(texts[i], labels[i]) for i in range(len(texts)) if fold[i] != f]
            test = [i for i in range(len(texts)) if fold[i] == f]
            supervised = CategoryClassifier().fit(train)
            nb = NaiveBayes().fit(train)
            for i in test:
                correct["no_training_file"] += plain.predict(texts[i], hits=hits[i])[0] == labels[i]
                correct["with_training_file"] += supervised.predict(texts[i], hits=hits[i])[0] == labels[i]
                probs = nb.probabilities(texts[i])
                correct["naive_bayes_only"] += max(probs, key=probs.__getitem__) == labels[i]
                assert supervised.model is not None
                model_probs = supervised.model.probabilities(texts[i])
                correct["softmax_only"] += max(model_probs, key=model_probs.__getitem__) == labels[i]
                # The shipped MODEL_WEIGHT is picked from this grid (training file only, held-out folds).
                base = plain.scores(texts[i], hits=hits[i])
                for w in weight_grid:
                    combined = {c: base[c] + w * model_probs.get(c, 0.0) for c in CATEGORIES}
                    by_weight[w] += max(CATEGORIES, key=combined.__getitem__) == labels[i]
    n = len(texts) * args.seeds
    report["accuracy"] = {k: round(v / n, 4) for k, v in correct.items()}
    report["accuracy_by_model_weight"] = {str(w): round(v / n, 4) for w, v in by_weight.items()}
    report["lexicon_only_accuracy"] = round(
        sum(plain.predict(t)[0] == y for t, y in zip(texts, labels, strict=True)) / len(texts), 4
    )
    report["seconds"] = round(time.perf_counter() - t0, 2)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
