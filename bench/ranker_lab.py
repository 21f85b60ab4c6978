# mypy: disable-error-code="arg-type,has-type,return-value,unused-ignore,misc"
"""Second-stage ranker experiments: dump candidate features once, then compare model designs.

    .venv/bin/python bench/ranker_lab.py dump --cache /tmp/fw3/cache --out /tmp/fw3/feats.npz [--neighbour-top 30]
    .venv/bin/python bench/ranker_lab.py cv --feats /tmp/fw3/feats.npz --param head=40 --param min_leaf=100  # train CV
    .venv/bin/python bench/ranker_lab.py dev --feats /tmp/fw3/feats.npz --save fawang/knowledge/engine/data/ranker.npz

The dump also stores each candidate's corpus position (``train_cand`` / ``dev_cand``) for experiments that
need the articles themselves. Without ``--neighbour-top`` the dump uses the engine's ``rerank.NEIGHBOUR_TOP``
(the shipped candidates).
``cv`` options: ``--drop`` (feature prefixes), ``--drop-rows neighbour|cocite`` (candidate sets of simpler
variants from one dump), ``--param trunc=`` (lambdarank truncation), ``--param deep=K`` (a second model
orders everything below the main top K; ``deep_trunc``, ``main_col``), ``--scores-out`` (out-of-fold scores).

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
    ) -> list[tuple[int, np.ndarray, np.ndarray, int, np.ndarray]]:
        out = []
        for qi, ex in examples:  # type: ignore[misc]
            text = clean_query(ex.question)
            weighted = expand_query(text)
            if not weighted:
                continue
            cand, x, _ = engine._candidate_features(text, weighted, None, learned, d2q)  # noqa: SLF001
            gold = {i for lab in ex.labels for i in positions.get(lab, [])}
            out.append((qi, x, np.array([int(i) in gold for i in cand], np.int8), len(set(ex.labels)), cand))
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

    def pack(
        rs: list[tuple[int, np.ndarray, np.ndarray, int, np.ndarray]], prefix: str
    ) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_x": np.vstack([r[1] for r in rs]),
            f"{prefix}_y": np.concatenate([r[2] for r in rs]),
            f"{prefix}_group": np.array([len(r[2]) for r in rs]),
            f"{prefix}_qid": np.array([r[0] for r in rs]),
            f"{prefix}_nlabels": np.array([r[3] for r in rs]),
            f"{prefix}_cand": np.concatenate([r[4] for r in rs]),  # corpus positions of the candidates
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


def fitter(name: str, params: dict[str, float]) -> Fitter:  # noqa: C901
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

                # main_col=j: the main model sees only rows whose column j is 0 (e.g. not added as a
                # neighbour); the other rows are left to the deep model.
                mcol = int(params.get("main_col", -1))
                mrow = x[:, mcol] < 0.5 if mcol >= 0 else np.ones(len(y), dtype=np.bool_)
                mgroup = np.bincount(np.repeat(np.arange(len(group)), group)[mrow], minlength=len(group))
                m0 = lgb.LGBMRanker(
                    objective="lambdarank",
                    lambdarank_truncation_level=int(params.get("trunc", 100)),
                    label_gain=[0, 1],
                    **common,
                ).fit(x[mrow], y[mrow], group=mgroup[mgroup > 0])
                ens = _from_lightgbm(m0.booster_.dump_model(), depth)
                head, keep = int(params["head"]), int(params.get("keep", 200))
                # deep=K: a second lambdarank model (truncation deep_trunc) orders everything below the
                # first model's top K, for recall at depth without touching the top of the list.
                deep = int(params.get("deep", 0))
                ens2 = None
                if deep:
                    common2 = dict(common, n_estimators=int(params.get("deep_trees", common["n_estimators"])))
                    if params.get("deep_binary"):
                        m1 = lgb.LGBMClassifier(objective="binary", **common2).fit(x, y)
                    else:
                        m1 = lgb.LGBMRanker(
                            objective="lambdarank",
                            lambdarank_truncation_level=int(params.get("deep_trunc", 1000)),
                            label_gain=[0, 1],
                            **common2,
                        ).fit(x, y, group=group)
                    ens2 = _from_lightgbm(m1.booster_.dump_model(), depth)

                def run(z: np.ndarray, g: np.ndarray) -> np.ndarray:
                    starts = np.r_[0, np.cumsum(g)]
                    out = np.zeros(len(z), dtype=np.float32)
                    for a, b in zip(starts[:-1], starts[1:], strict=True):
                        zz = z[a:b].astype(np.float32)
                        own = zz[:, mcol] < 0.5 if mcol >= 0 else np.ones(b - a, dtype=np.bool_)
                        s1 = np.full(b - a, -1e9, dtype=np.float32)
                        if own.any():
                            s1[own] = ens.cascade(zz[own], head=head, keep=keep)
                            s1[~own] = s1[own].min() - 1.0
                        if ens2 is not None and b - a > deep:
                            s2 = ens2.cascade(zz, head=head, keep=int(params.get("deep_keep", keep)))
                            top = np.argsort(-s1, kind="stable")[:deep]
                            s = s2 - float(s2.max()) - 1.0
                            s[top] = np.float32(len(top)) - np.arange(len(top), dtype=np.float32)
                            s1 = s
                        out[a:b] = s1
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


def load(
    path: Path, prefix: str, cols: np.ndarray, drop_rows: tuple[str, ...] = ()
) -> tuple[np.ndarray, ...]:
    """Rows of one split; ``drop_rows`` removes candidates by how they came in ("neighbour": added only
    as a neighbour of a strong hit, "cocite": reached only by the co-citation channel), which gives
    the candidate sets of the simpler variants from one dump."""
    d = np.load(path)
    x, y, group = d[f"{prefix}_x"], d[f"{prefix}_y"], d[f"{prefix}_group"]
    if drop_rows:
        names = [str(f) for f in d["features"]]
        cap = np.float32(np.log1p(300))
        keep = np.ones(len(y), dtype=np.bool_)
        if "neighbour" in drop_rows:
            keep &= x[:, names.index("added_neighbour")] < 0.5
        if "cocite" in drop_rows:
            others = [i for i, n in enumerate(names) if n.startswith("crank_") and n != "crank_cocite"]
            keep &= ~(
                (x[:, others].min(axis=1) >= cap - 1e-6) & (x[:, names.index("crank_cocite")] < cap - 1e-6)
            )
        qid = np.repeat(np.arange(len(group)), group)
        x, y = x[keep], y[keep]
        group = np.bincount(qid[keep], minlength=len(group))
    return x[:, cols], y, group, d[f"{prefix}_nlabels"]


def columns(path: Path, drop: list[str]) -> np.ndarray:
    names = [str(f) for f in np.load(path)["features"]]
    return np.array([i for i, n in enumerate(names) if not any(n.startswith(p) for p in drop)])


def with_deep_order(main: np.ndarray, deep: np.ndarray, keep: int = 20) -> np.ndarray:
    """``main``'s best ``keep`` rows, then the other rows in ``deep`` order (a two-model variant that
    train CV did not retain; the engine has one model)."""
    if main.size <= keep:
        return main
    top = np.argsort(-main, kind="stable")[:keep]
    out = (deep - np.float32(float(deep.max()) + 1.0)).astype(np.float32)
    out[top] = np.arange(keep, 0, -1, dtype=np.float32)
    return out


def save(
    args: argparse.Namespace,
    params: dict[str, float],
    cols: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    group: np.ndarray,
) -> None:
    """Fit the shipped model(s) on all train rows, write them, and print the dev figures once."""
    if args.drop:
        raise SystemExit("--save needs every feature of rerank.FEATURES (no --drop)")
    from fawang.knowledge.engine.rerank import fit_lambdarank

    ens = fit_lambdarank(
        x, y, group, min_leaf=int(params.get("min_leaf", 100)), truncation=int(params.get("trunc", 100))
    )
    with args.save.open("wb") as fh:
        np.savez_compressed(fh, **ens.to_arrays())  # type: ignore[arg-type]
    deep = None
    if args.save_deep is not None:  # the second model for ranks below DEEP_FROM
        deep = fit_lambdarank(
            x,
            y,
            group,
            min_leaf=int(params.get("min_leaf", 100)),
            truncation=int(params.get("deep_trunc", 1000)),
        )
        with args.save_deep.open("wb") as fh:
            np.savez_compressed(fh, **deep.to_arrays())  # type: ignore[arg-type]
    dx, dy, dg, dn = load(args.feats, "dev", cols, tuple(args.drop_rows))
    starts = np.r_[0, np.cumsum(dg)]
    full = ens.decision(dx.astype(np.float32))
    parts = []
    for a, b in zip(starts[:-1], starts[1:], strict=True):
        z = dx[a:b].astype(np.float32)
        sc = ens.cascade(z)
        parts.append(with_deep_order(sc, deep.cascade(z)) if deep is not None else sc)
    for name, sc in (("full", full), ("engine", np.concatenate(parts))):
        print(name, json.dumps({k: round(v, 4) for k, v in metrics(sc, dy, dg, dn).items()}))


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
    ap.add_argument("--drop-rows", action="append", default=[], choices=("neighbour", "cocite"))
    ap.add_argument("--save-deep", type=Path, help="dev mode with --save: also fit and save the deep model")
    ap.add_argument("--scores-out", type=Path, help="cv mode: save the out-of-fold scores")
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
    x, y, group, nl = load(args.feats, "train", cols, tuple(args.drop_rows))
    if args.save is not None:
        save(args, params, cols, x, y, group)
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
        if args.scores_out is not None:
            np.savez(args.scores_out, score=score, y=y, group=group, nlabels=nl)
    else:
        model = fit(x, y, group)
        dx, dy, dg, dn = load(args.feats, "dev", cols, tuple(args.drop_rows))
        result = metrics(call(model, dx, dg), dy, dg, dn)
    out = {
        "mode": args.mode,
        "model": args.model,
        "params": params,
        "drop": args.drop,
        "rows": args.drop_rows,
    }
    out.update({k: round(v, 4) for k, v in result.items()})
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
