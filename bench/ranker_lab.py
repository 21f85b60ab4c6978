# mypy: disable-error-code="arg-type,has-type,return-value,unused-ignore,misc"
"""Second-stage ranker experiments: dump candidate features once, then compare model designs.

    .venv/bin/python bench/ranker_lab.py dump --cache /tmp/fw3/cache --out /tmp/fw3/feats.npz [--neighbour-top 30]
    .venv/bin/python bench/ranker_lab.py cv --feats /tmp/fw3/feats.npz --model lgb-rank   # train CV only
    .venv/bin/python bench/ranker_lab.py dev --feats /tmp/fw3/feats.npz --model lgb-rank  # measure once

Train rows are cross-fitted (5 folds: each question's features use learned signals built without its
fold). Model settings are compared by grouped 4-fold CV over the train questions; dev is only measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_eval import DATA, load_docs, load_questions  # noqa: E402

from fawang.knowledge.engine import SearchEngine, TrainingExample, load_stard_training  # noqa: E402
from fawang.knowledge.engine.embedding import QuestionEmbedding  # noqa: E402
from fawang.knowledge.engine.expansion import expand_query  # noqa: E402
from fawang.knowledge.engine.learned import LearnedSignals  # noqa: E402
from fawang.knowledge.engine.rerank import FEATURES, Doc2Query  # noqa: E402
from fawang.knowledge.engine.tokenize import clean_query  # noqa: E402
from fawang.knowledge.engine.translation import Translation  # noqa: E402


def dump(args: argparse.Namespace) -> None:
    docs = load_docs(DATA / "statutes" / "statutes_current.jsonl.gz")
    training = [ex for ex in load_stard_training(DATA / "eval" / "stard_train.jsonl") if ex.labels]
    dev = [TrainingExample(q, tuple(sorted(g))) for q, g in load_questions(DATA / "eval" / "stard_dev.jsonl")]
    engine = SearchEngine.build(docs, training=training, cache_dir=args.cache, rerank=False)
    if args.neighbour_top is not None:
        engine.neighbour_top = args.neighbour_top
    positions: dict[tuple[str, str], list[int]] = {}
    for i, d in enumerate(docs):
        positions.setdefault((d.law, d.article), []).append(i)

    def rows(
        examples: list[TrainingExample], learned: LearnedSignals, d2q: Doc2Query
    ) -> list[tuple[int, np.ndarray, np.ndarray, int]]:
        out = []
        for qi, ex in examples:  # type: ignore[misc]
            text = clean_query(ex.question)
            weighted = expand_query(text)
            if not weighted:
                continue
            cand, x, _ = engine._candidate_features(text, weighted, None, learned, d2q)  # noqa: SLF001
            gold = {i for lab in ex.labels for i in positions.get(lab, [])}
            out.append((qi, x, np.array([int(i) in gold for i in cand], np.int8), len(set(ex.labels))))
        return out

    t0 = time.perf_counter()
    order = np.random.default_rng(0).permutation(len(training))
    fold_of = np.empty(len(training), dtype=np.int64)
    fold_of[order] = np.arange(len(training)) % 5
    parts = []
    for f in range(5):
        rest = [ex for ex, k in zip(training, fold_of, strict=True) if k != f]
        learned = LearnedSignals.build(docs, rest)
        learned.translation = Translation.fit(docs, rest, engine.word_index.idf)
        if engine.article_vectors is not None:
            learned.embedding = QuestionEmbedding.fit(engine.article_vectors, docs, rest)
        d2q = Doc2Query.build(docs, rest, engine.word_index)
        mine = [(i, ex) for i, (ex, k) in enumerate(zip(training, fold_of, strict=True)) if k == f]
        parts += rows(mine, learned, d2q)  # type: ignore[arg-type]
    dev_rows = rows(list(enumerate(dev)), engine.learned, engine.doc2query)  # type: ignore[arg-type]
    print(f"features in {time.perf_counter() - t0:.0f}s")

    def pack(rs: list[tuple[int, np.ndarray, np.ndarray, int]], prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_x": np.vstack([r[1] for r in rs]),
            f"{prefix}_y": np.concatenate([r[2] for r in rs]),
            f"{prefix}_group": np.array([len(r[2]) for r in rs]),
            f"{prefix}_qid": np.array([r[0] for r in rs]),
            f"{prefix}_nlabels": np.array([r[3] for r in rs]),
        }

    np.savez(args.out, **pack(parts, "train"), **pack(dev_rows, "dev"), features=np.array(FEATURES))


def metrics(score: np.ndarray, y: np.ndarray, group: np.ndarray, nlabels: np.ndarray) -> dict[str, float]:
    starts = np.r_[0, np.cumsum(group)[:-1]]
    r10, r100, rr = [], [], []
    for s, g, n in zip(starts, group, nlabels, strict=True):
        order = np.argsort(-score[s : s + g], kind="stable")
        rel = y[s : s + g][order]
        r10.append(rel[:10].sum() / n)
        r100.append(rel[:100].sum() / n)
        hit = np.flatnonzero(rel)
        rr.append(1.0 / (hit[0] + 1) if hit.size else 0.0)
    return {"r10": float(np.mean(r10)), "r100": float(np.mean(r100)), "mrr": float(np.mean(rr))}


Fitter = Callable[[np.ndarray, np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]


def fitter(name: str, params: dict[str, float]) -> Fitter:
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        def fit_hgb(x: np.ndarray, y: np.ndarray, group: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
            depth = int(params.get("depth", 5))
            m = HistGradientBoostingClassifier(
                max_iter=int(params.get("trees", 300)),
                learning_rate=params.get("lr", 0.05),
                max_depth=depth,
                max_leaf_nodes=2**depth,
                min_samples_leaf=50,
                l2_regularization=1.0,
                random_state=0,
            ).fit(x, y)
            return lambda z: m.decision_function(z)

        return fit_hgb
    import lightgbm as lgb

    def fit_lgb(x: np.ndarray, y: np.ndarray, group: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        depth = int(params.get("depth", 6))
        common = {
            "n_estimators": int(params.get("trees", 300)),
            "learning_rate": params.get("lr", 0.05),
            "max_depth": depth,
            "num_leaves": int(params.get("leaves", 2**depth)),
            "min_child_samples": int(params.get("min_leaf", 50)),
            "reg_lambda": 1.0,
            "subsample": params.get("subsample", 1.0),
            "subsample_freq": 1 if params.get("subsample", 1.0) < 1 else 0,
            "colsample_bytree": params.get("colsample", 1.0),
            "random_state": 0,
            "verbose": -1,
            "n_jobs": 1,
        }
        if name == "lgb-rank":
            if "head" in params:  # score as the engine does: flattened trees, cascade per question
                from fawang.knowledge.engine.rerank import _from_lightgbm

                m0 = lgb.LGBMRanker(
                    objective="lambdarank", lambdarank_truncation_level=100, label_gain=[0, 1], **common
                ).fit(x, y, group=group)
                ens = _from_lightgbm(m0.booster_.dump_model(), depth)
                head, keep = int(params["head"]), int(params.get("keep", 200))

                def run(z: np.ndarray, g: np.ndarray) -> np.ndarray:
                    starts = np.r_[0, np.cumsum(g)]
                    out = np.zeros(len(z), dtype=np.float32)
                    for a, b in zip(starts[:-1], starts[1:], strict=True):
                        out[a:b] = ens.cascade(z[a:b].astype(np.float32), head=head, keep=keep)
                    return out

                return run  # type: ignore[return-value]
            m = lgb.LGBMRanker(
                objective=params.get("objective", "lambdarank"),
                lambdarank_truncation_level=int(params.get("trunc", 100)),
                label_gain=[0, 1],
                **common,
            )
            m.fit(x, y, group=group)
        else:
            m = lgb.LGBMClassifier(objective="binary", **common)
            m.fit(x, y)
        return lambda z: m.predict(z, raw_score=True)

    return fit_lgb


def call(model: Callable[..., np.ndarray], x: np.ndarray, group: np.ndarray) -> np.ndarray:
    try:
        return model(x, group)
    except TypeError:
        return model(x)


def load(path: Path, prefix: str, cols: np.ndarray) -> tuple[np.ndarray, ...]:
    d = np.load(path)
    return (
        d[f"{prefix}_x"][:, cols],
        d[f"{prefix}_y"],
        d[f"{prefix}_group"],
        d[f"{prefix}_nlabels"],
    )


def columns(path: Path, drop: list[str]) -> np.ndarray:
    names = [str(f) for f in np.load(path)["features"]]
    return np.array([i for i, n in enumerate(names) if not any(n.startswith(p) for p in drop)])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("dump", "cv", "dev"))
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--feats", type=Path)
    ap.add_argument("--neighbour-top", type=int, help="dump mode: rerank.NEIGHBOUR_TOP to use")
    ap.add_argument("--model", default="lgb-rank")
    ap.add_argument("--param", action="append", default=[], help="name=value")
    ap.add_argument("--drop", action="append", default=[], help="drop features with this prefix")
    ap.add_argument("--save", type=Path, help="dev mode: fit the shipped lambdarank model and save it")
    args = ap.parse_args()
    if args.mode == "dump":
        dump(args)
        return 0
    params: dict[str, float] = {}
    for p in args.param:
        k, v = p.split("=")
        params[k] = float(v) if k != "objective" else v  # type: ignore[assignment]
    cols = columns(args.feats, args.drop)
    fit = fitter(args.model, params)
    x, y, group, nl = load(args.feats, "train", cols)
    if args.save is not None:
        from fawang.knowledge.engine.rerank import fit_lambdarank

        ens = fit_lambdarank(x, y, group)
        with args.save.open("wb") as fh:
            np.savez_compressed(fh, **ens.to_arrays())  # type: ignore[arg-type]
        dx, dy, dg, dn = load(args.feats, "dev", cols)
        starts = np.r_[0, np.cumsum(dg)]
        full = ens.decision(dx.astype(np.float32))
        casc = np.concatenate(
            [ens.cascade(dx[a:b].astype(np.float32)) for a, b in zip(starts[:-1], starts[1:], strict=True)]
        )
        for name, sc in (("full", full), ("cascade", casc)):
            print(name, json.dumps({k: round(v, 4) for k, v in metrics(sc, dy, dg, dn).items()}))
        return 0
    if args.mode == "cv":
        starts = np.r_[0, np.cumsum(group)]
        qfold = np.random.default_rng(1).permutation(len(group)) % 4
        score = np.zeros(len(y))
        for f in range(4):
            tr = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in np.flatnonzero(qfold != f)])
            te = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in np.flatnonzero(qfold == f)])
            model = fit(x[tr], y[tr], group[qfold != f])
            score[te] = call(model, x[te], group[qfold == f])
        # Questions stay in their original order, so the group layout of `score` is unchanged.
        result = metrics(score, y, group, nl)
    else:
        model = fit(x, y, group)
        dx, dy, dg, dn = load(args.feats, "dev", cols)
        result = metrics(call(model, dx, dg), dy, dg, dn)
    out = {"mode": args.mode, "model": args.model, "params": params, "drop": args.drop}
    out.update({k: round(v, 4) for k, v in result.items()})
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
