"""Dispute-category accuracy by stratified 5-fold cross-validation. Prints one JSON object.

Figures (mean and spread over seeds): the classifier without a training file (lexicon + statute hits), the
shipped combination with the softmax text model fitted on the four training folds, that model alone, the older
naive Bayes alone, a grid of (hit weight, model weight) pairs, and the nested figure where the pair is chosen
on the training folds only (inner leave-one-fold-out over the four folds) and scored on the held-out fold. Test
folds are never trained on or selected on in the nested figure; the grid rows are selected on the folds they
report, so read them as an upper bound. The "fold-honest" rows drop, for each held-out fold, the lexicon terms
whose only matches are in that fold; the "nested lexicon prior" rows also choose a prior k in the lexicon share
total / (sum + k) (docs/classifier.md). Also the fit time on the whole file and the time per question. Skips
(exit 0) when ../shared/data is absent.

    .venv/bin/python bench/classify_eval.py --seeds 2 --cache /tmp/fw3c/cache
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
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
from fawang.knowledge.engine.classify import (  # noqa: E402
    CIVIL_CODE,
    HITS_WEIGHT,
    LEXICON_PRIOR,
    MODEL_WEIGHT,
    NaiveBayes,
    lexicon,
)
from fawang.knowledge.engine.textmodel import SoftmaxTextModel  # noqa: E402
from fawang.knowledge.engine.tokenize import article_number, clean_query  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CLASSIFY_HITS = 10  # as knowledge/consult.py passes to the classifier
HITS_GRID = (0.0, 0.1, 0.3)
MODEL_GRID = (0.5, 1.0, 2.0, 3.0, 5.0)
TABLE_GRID = (0.0, 0.3, 1.0, 2.0)
# Lexicon prior k: the lexicon share becomes total_c / (sum + k) instead of total_c / sum, so a question that
# matches one weak term (请问 → 综合咨询) no longer puts the whole lexicon weight on that category. Chosen
# nested, jointly with a wider hit-weight grid.
PRIOR_GRID = (0.0, 0.5, 1.0, 2.0, 4.0)
PRIOR_HITS_GRID = (0.0, 0.1, 0.3, 0.6, 1.0)
# (hits, model, learned table) weights reported under both lexicon readings; chosen after looking at these
# rows, so they are upper bounds, not estimates.
FIXED_ALTERNATIVES = ((0.1, 2.0, 0.0), (0.0, 3.0, 0.0), (0.0, 5.0, 0.0), (0.0, 3.0, 1.0), (0.0, 5.0, 1.0))
TABLE_ALPHA = 2.0  # pseudo-count spread evenly over the categories for each law key
CIVIL_CODE_BLOCK = 25  # Civil Code articles per key: the code is half the hits, one key would say little
Probs = list[dict[str, float]]


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


def out_of_fold(
    texts: list[str], labels: list[str], rows: Sequence[int], fold: list[int]
) -> dict[int, dict[str, float]]:
    """Model probabilities for each of ``rows``, from a model fitted on the other folds among ``rows``."""
    probs: dict[int, dict[str, float]] = {}
    for f in sorted({fold[i] for i in rows}):
        model = SoftmaxTextModel().fit((texts[i], labels[i]) for i in rows if fold[i] != f)
        for i in rows:
            if fold[i] == f:
                probs[i] = model.probabilities(texts[i])
    return probs


def combined_best(
    base: dict[str, float],
    probs: dict[str, float],
    hits: dict[str, float],
    hw: float,
    mw: float,
    table: dict[str, float] | None = None,
    tw: float = 0.0,
) -> str:
    table = table or {}
    scores = {
        c: base.get(c, 0.0) + hw * hits.get(c, 0.0) + mw * probs.get(c, 0.0) + tw * table.get(c, 0.0)
        for c in CATEGORIES
    }
    return max(CATEGORIES, key=scores.__getitem__)


def top(scores: dict[str, float]) -> str:
    return max(scores, key=scores.__getitem__)


def law_key(hit: Hit) -> str:
    if hit.law == CIVIL_CODE:
        return f"民法典:{(article_number(hit.article) or 0) // CIVIL_CODE_BLOCK}"
    return hit.law


def law_table(hits: list[list[Hit]], labels: list[str], rows: Sequence[int]) -> dict[str, dict[str, float]]:
    """P(category | law key) from the rank-discounted hits of the training ``rows`` (add-alpha smoothed)."""
    counts: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(CATEGORIES, 0.0))
    for i in rows:
        for rank, hit in enumerate(hits[i]):
            counts[law_key(hit)][labels[i]] += 1.0 / (rank + 2)
    table = {}
    for key, by_cat in counts.items():
        total = sum(by_cat.values()) + TABLE_ALPHA
        table[key] = {c: (v + TABLE_ALPHA / len(CATEGORIES)) / total for c, v in by_cat.items()}
    return table


def table_votes(table: dict[str, dict[str, float]], hits: Sequence[Hit]) -> dict[str, float]:
    """Rank-discounted learned votes of the hits' law keys, normalised to sum to 1."""
    votes = dict.fromkeys(CATEGORIES, 0.0)
    for rank, hit in enumerate(hits):
        for c, p in table.get(law_key(hit), {}).items():
            votes[c] += p / (rank + 2)
    total = sum(votes.values())
    return {c: v / total for c, v in votes.items()} if total else {}


def out_of_fold_table(
    hits: list[list[Hit]], labels: list[str], rows: Sequence[int], fold: list[int]
) -> dict[int, dict[str, float]]:
    """Learned-table votes for each of ``rows``, from a table fitted on the other folds among ``rows``."""
    out: dict[int, dict[str, float]] = {}
    for f in sorted({fold[i] for i in rows}):
        table = law_table(hits, labels, [i for i in rows if fold[i] != f])
        for i in rows:
            if fold[i] == f:
                out[i] = table_votes(table, hits[i])
    return out


def lexicon_matches(texts: list[str]) -> dict[tuple[str, str], tuple[frozenset[int], float]]:
    """(category, term) -> (rows whose cleaned question contains the term, weight)."""
    cleaned = [clean_query(t) for t in texts]
    return {
        (c, term): (frozenset(i for i, t in enumerate(cleaned) if term in t), weight)
        for c, terms in lexicon().items()
        for term, weight in terms.items()
    }


def lexicon_totals_without(
    matches: dict[tuple[str, str], tuple[frozenset[int], float]], n: int, unseen: set[int]
) -> list[dict[str, float]]:
    """Summed lexicon weights per row and category, leaving out the terms that match rows only in ``unseen``."""
    totals: list[dict[str, float]] = [{} for _ in range(n)]
    for (c, _), (rows, weight) in matches.items():
        if rows and rows <= unseen:
            continue
        for i in rows:
            totals[i][c] = totals[i].get(c, 0.0) + weight
    return totals


def prior_shares(totals: dict[str, float], prior: float) -> dict[str, float]:
    """Lexicon shares total_c / (sum + prior); prior 0 is the classifier's plain share."""
    s = sum(totals.values())
    return {c: v / (s + prior) for c, v in totals.items()} if s else {}


def lexicon_shares_without(
    matches: dict[tuple[str, str], tuple[frozenset[int], float]], n: int, unseen: set[int]
) -> list[dict[str, float]]:
    """Lexicon shares per row, leaving out the terms that match rows only inside ``unseen``."""
    return [prior_shares(t, 0.0) for t in lexicon_totals_without(matches, n, unseen)]


def best_weights(
    grid: Sequence[tuple[float, float, float]],
    rows: Sequence[int],
    labels: list[str],
    base: Sequence[dict[str, float]] | dict[int, dict[str, float]],
    probs: dict[int, dict[str, float]],
    votes: list[dict[str, float]],
    tables: dict[int, dict[str, float]],
) -> tuple[float, float, float]:
    """The (hits, model, table) weights with the most correct answers on ``rows``."""
    return max(
        grid,
        key=lambda p: sum(
            combined_best(base[i], probs[i], votes[i], p[0], p[1], tables[i], p[2]) == labels[i] for i in rows
        ),
    )


def inner_honest_shares(
    matches: dict[tuple[str, str], tuple[frozenset[int], float]],
    n: int,
    fold: list[int],
    train: Sequence[int],
    test: set[int],
) -> dict[int, dict[str, float]]:
    """Fold-honest lexicon shares of each training row, as its inner fold would see them."""
    totals = inner_honest_totals(matches, n, fold, train, test)
    return {i: prior_shares(t, 0.0) for i, t in totals.items()}


def inner_honest_totals(
    matches: dict[tuple[str, str], tuple[frozenset[int], float]],
    n: int,
    fold: list[int],
    train: Sequence[int],
    test: set[int],
) -> dict[int, dict[str, float]]:
    """Fold-honest lexicon totals of each training row, as its inner fold would see them."""
    out: dict[int, dict[str, float]] = {}
    for g in sorted({fold[i] for i in train}):
        held = {i for i in train if fold[i] == g}
        totals = lexicon_totals_without(matches, n, held | test)
        out.update({i: totals[i] for i in held})
    return out


def nested_prior_pick(
    rows: Sequence[int],
    labels: list[str],
    totals: Sequence[dict[str, float]] | dict[int, dict[str, float]],
    probs: dict[int, dict[str, float]],
    votes: list[dict[str, float]],
) -> tuple[float, float, float]:
    """The (prior, hits, model) triple with the most correct answers on ``rows``."""
    shares = {k: {i: prior_shares(totals[i], k) for i in rows} for k in PRIOR_GRID}
    return max(
        itertools.product(PRIOR_GRID, PRIOR_HITS_GRID, MODEL_GRID),
        key=lambda p: sum(
            combined_best(shares[p[0]][i], probs[i], votes[i], p[1], p[2]) == labels[i] for i in rows
        ),
    )


def tally_alternatives(
    correct: dict[str, int],
    label: str,
    base: dict[str, float],
    honest: dict[str, float],
    probs: dict[str, float],
    votes: dict[str, float],
    table: dict[str, float],
) -> None:
    for hw, mw, tw in FIXED_ALTERNATIVES:
        for name, b in (("lexicon", base), ("fold_honest_lexicon", honest)):
            correct[f"fixed {name}: hits {hw} model {mw} table {tw}"] += (
                combined_best(b, probs, votes, hw, mw, table, tw) == label
            )


def summary(values: list[float]) -> dict[str, object]:
    return {
        "mean": round(statistics.mean(values), 4),
        "spread": round(max(values) - min(values), 4),
        "per_seed": [round(v, 4) for v in values],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA / "eval" / "category_train.jsonl")
    ap.add_argument("--corpus", type=Path, default=DATA / "statutes" / "statutes_current.jsonl.gz")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=2)
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
        engine = SearchEngine.build(load_docs(args.corpus), training=bundled_training(), cache_dir=args.cache)
        hits = [engine.search(t, top_k=CLASSIFY_HITS) for t in texts]

    report: dict[str, object] = {
        "rows": len(rows),
        "folds": args.folds,
        "seeds": args.seeds,
        "statute_hits": args.corpus.exists(),
        "shipped_weights": {"lexicon_prior": LEXICON_PRIOR, "hits": HITS_WEIGHT, "model": MODEL_WEIGHT},
    }
    lexicon_only = CategoryClassifier(hits_weight=0.0)
    plain = CategoryClassifier()
    # Data-free parts of the evidence, once per question: lexicon share and hit votes.
    base = [lexicon_only.scores(t) for t in texts]
    votes = [CategoryClassifier(hits_weight=1.0).scores(t, hits=h) for t, h in zip(texts, hits, strict=True)]
    votes = [{c: v[c] - b[c] for c in CATEGORIES} for v, b in zip(votes, base, strict=True)]
    t0 = time.perf_counter()
    grid = list(itertools.product(HITS_GRID, MODEL_GRID))
    table_grid = list(itertools.product(HITS_GRID, MODEL_GRID, TABLE_GRID))
    chosen_table: list[tuple[float, float, float]] = []
    acc: dict[str, list[float]] = defaultdict(list)
    chosen: list[tuple[float, float]] = []
    chosen_honest: list[tuple[float, float, float]] = []
    chosen_prior: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    everything = range(len(texts))
    matches = lexicon_matches(texts)
    full_totals = lexicon_totals_without(matches, len(texts), set())
    # The shipped classifier with a fitted model: lexicon shares with its prior (classify.LEXICON_PRIOR).
    shipped = [prior_shares(t, LEXICON_PRIOR) for t in full_totals]
    for seed in range(args.seeds):
        fold = stratified_folds(labels, args.folds, seed)
        correct: dict[str, int] = defaultdict(int)
        probs = out_of_fold(texts, labels, everything, fold)
        tables = out_of_fold_table(hits, labels, everything, fold)
        for f in range(args.folds):
            train = [i for i in everything if fold[i] != f]
            test = [i for i in everything if fold[i] == f]
            nb = NaiveBayes().fit((texts[i], labels[i]) for i in train)
            # Nested: choose the pair on the training folds (inner out-of-fold probabilities), score on fold f.
            inner = out_of_fold(texts, labels, train, fold)
            pick = max(
                grid,
                key=lambda p: sum(combined_best(base[i], inner[i], votes[i], *p) == labels[i] for i in train),
            )
            chosen.append(pick)
            inner_table = out_of_fold_table(hits, labels, train, fold)
            pick_table = best_weights(table_grid, train, labels, base, inner, votes, inner_table)
            chosen_table.append(pick_table)
            # Fold-honest lexicon: outer base without the terms only fold f supports; inner bases likewise.
            honest = lexicon_shares_without(matches, len(texts), set(test))
            inner_honest = inner_honest_shares(matches, len(texts), fold, train, set(test))
            pick_honest = best_weights(table_grid, train, labels, inner_honest, inner, votes, inner_table)
            chosen_honest.append(pick_honest)
            # Lexicon prior, nested under both readings of the lexicon.
            honest_totals = lexicon_totals_without(matches, len(texts), set(test))
            inner_totals = inner_honest_totals(matches, len(texts), fold, train, set(test))
            for reading, outer_t, inner_t in (
                ("lexicon", full_totals, full_totals),
                ("fold_honest_lexicon", honest_totals, inner_totals),
            ):
                k, hw, mw = nested_prior_pick(train, labels, inner_t, inner, votes)
                chosen_prior[reading].append((k, hw, mw))
                correct[f"{reading}: nested lexicon prior, hits and model weights"] += sum(
                    combined_best(prior_shares(outer_t[i], k), probs[i], votes[i], hw, mw) == labels[i]
                    for i in test
                )
            plain_grid = [(hw, mw, 0.0) for hw, mw in grid]
            pick_honest_plain = best_weights(
                plain_grid, train, labels, inner_honest, inner, votes, inner_table
            )
            for i in test:
                correct["no_training_file"] += plain.predict(texts[i], hits=hits[i])[0] == labels[i]
                correct["lexicon_only"] += lexicon_only.predict(texts[i])[0] == labels[i]
                correct["with_training_file"] += (
                    combined_best(shipped[i], probs[i], votes[i], HITS_WEIGHT, MODEL_WEIGHT) == labels[i]
                )
                correct["nested_weights"] += combined_best(base[i], probs[i], votes[i], *pick) == labels[i]
                nb_probs = nb.probabilities(texts[i])
                correct["naive_bayes_only"] += max(nb_probs, key=nb_probs.__getitem__) == labels[i]
                correct["softmax_only"] += max(probs[i], key=probs[i].__getitem__) == labels[i]
                correct["learned_law_table_only"] += bool(tables[i]) and top(tables[i]) == labels[i]
                hw, mw, tw = pick_table
                correct["nested_weights_with_learned_law_table"] += (
                    combined_best(base[i], probs[i], votes[i], hw, mw, tables[i], tw) == labels[i]
                )
                correct["fold_honest_lexicon: shipped weights"] += (
                    combined_best(
                        prior_shares(honest_totals[i], LEXICON_PRIOR),
                        probs[i],
                        votes[i],
                        HITS_WEIGHT,
                        MODEL_WEIGHT,
                    )
                    == labels[i]
                )
                correct["fold_honest_lexicon: lexicon only"] += (
                    bool(honest[i]) and top(honest[i]) == labels[i]
                )
                hw, mw, _ = pick_honest_plain
                correct["fold_honest_lexicon: nested weights"] += (
                    combined_best(honest[i], probs[i], votes[i], hw, mw) == labels[i]
                )
                hw, mw, tw = pick_honest
                correct["fold_honest_lexicon: nested weights with learned law table"] += (
                    combined_best(honest[i], probs[i], votes[i], hw, mw, tables[i], tw) == labels[i]
                )
                tally_alternatives(correct, labels[i], base[i], honest[i], probs[i], votes[i], tables[i])
                for hw, mw in grid:
                    correct[f"hits {hw} model {mw}"] += (
                        combined_best(base[i], probs[i], votes[i], hw, mw) == labels[i]
                    )
        for name, value in correct.items():
            acc[name].append(value / len(texts))
    report["accuracy"] = {
        k: summary(v) for k, v in acc.items() if not k.startswith("hits ") and not k.startswith("fixed ")
    }
    report["fixed_alternatives_selected_on_reported_folds"] = {
        k: round(statistics.mean(v), 4) for k, v in acc.items() if k.startswith("fixed ")
    }
    report["accuracy_by_weights_selected_on_reported_folds"] = {
        k: round(statistics.mean(v), 4) for k, v in acc.items() if k.startswith("hits ")
    }
    report["nested_choices"] = {str(p): chosen.count(p) for p in sorted(set(chosen))}
    report["nested_choices_with_learned_law_table (hits, model, table)"] = {
        str(p): chosen_table.count(p) for p in sorted(set(chosen_table))
    }
    report["nested_choices_fold_honest_lexicon (hits, model, table)"] = {
        str(p): chosen_honest.count(p) for p in sorted(set(chosen_honest))
    }
    report["nested_choices_lexicon_prior (prior, hits, model)"] = {
        reading: {str(p): picks.count(p) for p in sorted(set(picks))}
        for reading, picks in chosen_prior.items()
    }
    report["cv_seconds"] = round(time.perf_counter() - t0, 2)
    t1, c1 = time.perf_counter(), time.process_time()
    full = CategoryClassifier().fit(zip(texts, labels, strict=True))
    report["fit_seconds_all_rows"] = {
        "wall": round(time.perf_counter() - t1, 3),
        "cpu": round(time.process_time() - c1, 3),
    }
    t2, c2 = time.perf_counter(), time.process_time()
    for text, h in zip(texts, hits, strict=True):
        full.predict(text, hits=h)
    report["ms_per_question"] = {
        "wall": round(1000 * (time.perf_counter() - t2) / len(texts), 2),
        "cpu": round(1000 * (time.process_time() - c2) / len(texts), 2),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
