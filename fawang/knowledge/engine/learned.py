"""Signals learned from labelled questions (STARD train): law and article priors, term -> law
associations and nearest training questions. All are soft boosts on top of lexical scores."""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from fawang.knowledge.engine.embedding import QuestionEmbedding
from fawang.knowledge.engine.index import F32, I32, BM25Index
from fawang.knowledge.engine.tokenize import DATA_DIR, words
from fawang.knowledge.engine.translation import Translation
from fawang.knowledge.engine.types import Doc, TrainingExample

BUNDLED_TRAINING = DATA_DIR / "stard_train.jsonl.gz"


def load_stard_training(path: str | Path) -> list[TrainingExample]:
    """Read STARD-style jsonl (optionally gzipped): {"question", "labels": [{"law", "article"}]}."""
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    examples: list[TrainingExample] = []
    with opener(p, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            labels = tuple((str(lab["law"]), str(lab["article"])) for lab in row.get("labels", []))
            examples.append(TrainingExample(str(row["question"]), labels))
    return examples


def bundled_training() -> list[TrainingExample]:
    """The STARD training split shipped with the package (MIT), or nothing if it is absent."""
    return load_stard_training(BUNDLED_TRAINING) if BUNDLED_TRAINING.exists() else []


@dataclass
class LearnedSignals:
    law_of_doc: I32  # doc -> law id
    law_prior: F32  # per doc, in [0, 1]
    article_prior: F32  # per doc, in [0, 1], spread to neighbouring articles
    term_law: dict[str, dict[int, float]]  # query token -> {law id: association}
    n_laws: int
    questions: BM25Index | None
    question_docs: list[list[int]]
    # Question word -> statute word table; set by the engine, which has the corpus idf it needs.
    translation: Translation = field(default_factory=lambda: Translation({}))
    # Question word -> article-vector table (embedding.py); set by the engine, which has the vectors.
    embedding: QuestionEmbedding | None = None
    # Share of a cited article's training questions that also cite another article (docs x docs).
    cocite: sp.csr_matrix | None = None
    # Per doc, in [0, 1]: log count of labels in the article's chapter (law + heading path).
    chapter_prior: F32 | None = None

    @classmethod
    def build(cls, docs: Sequence[Doc], training: Iterable[TrainingExample]) -> LearnedSignals:
        law_ids: dict[str, int] = {}
        law_of_doc = np.array([law_ids.setdefault(d.law, len(law_ids)) for d in docs], dtype=np.int32)
        by_label: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, d in enumerate(docs):
            by_label[(d.law, d.article)].append(i)
        examples = [ex for ex in training if ex.labels]
        law_counts = Counter(law for ex in examples for law, _ in ex.labels)
        article_counts = Counter(label for ex in examples for label in ex.labels)
        law_prior = np.array([np.log1p(law_counts.get(d.law, 0)) for d in docs], dtype=np.float32)
        article_prior = np.array(
            [np.log1p(article_counts.get((d.law, d.article), 0)) for d in docs], dtype=np.float32
        )
        question_tokens = [words(ex.question) for ex in examples]
        cited = [sorted({i for lab in ex.labels for i in by_label.get(lab, [])}) for ex in examples]
        chapter_ids: dict[tuple[str, str], int] = {}
        chapter_of_doc = np.array(
            [chapter_ids.setdefault((d.law, d.path), len(chapter_ids)) for d in docs], dtype=np.int64
        )
        chapter_counts = np.zeros(len(chapter_ids), dtype=np.float64)
        for c in cited:
            np.add.at(chapter_counts, chapter_of_doc[c], 1.0)
        return cls(
            law_of_doc=law_of_doc,
            law_prior=_unit(law_prior),
            article_prior=_spread(_unit(article_prior), law_of_doc),
            term_law=_term_law(examples, question_tokens, law_ids),
            n_laws=len(law_ids),
            questions=BM25Index.build(question_tokens) if examples else None,
            question_docs=[[i for lab in ex.labels for i in by_label.get(lab, [])] for ex in examples],
            cocite=_cocite(cited, len(docs)),
            chapter_prior=_unit(np.log1p(chapter_counts).astype(np.float32)[chapter_of_doc]),
        )

    def cocited_with(self, seeds: I32) -> F32:
        """Per doc: summed share of the seeds' training questions that also cite it (how often a
        generic article such as 举证责任 goes with the articles the question clearly matches)."""
        out = np.zeros(self.law_of_doc.size, dtype=np.float32)
        if self.cocite is None or not seeds.size:
            return out
        out[:] = np.asarray(self.cocite[seeds].sum(axis=0), dtype=np.float32).ravel()
        return out

    def law_affinity(self, tokens: Iterable[str]) -> F32:
        """Per-doc score of how strongly the query's words pointed to the doc's law in training."""
        per_law = np.zeros(self.n_laws, dtype=np.float32)
        for token in set(tokens):
            for law, value in self.term_law.get(token, {}).items():
                per_law[law] += value
        return _unit(per_law)[self.law_of_doc]

    def neighbours(self, query: dict[str, float], n_docs: int, k: int = 10) -> F32:
        """Articles cited by the k most similar training questions, weighted by similarity."""
        return self.neighbours_from(self.questions.score(query) if self.questions is not None else None, k)

    def neighbours_from(self, sims: F32 | None, k: int = 10) -> F32:
        """``neighbours`` given the query's similarity to every training question."""
        out = np.zeros(self.law_of_doc.size, dtype=np.float32)
        if sims is None or not sims.size:
            return out
        top = np.argsort(-sims)[:k]
        best = float(sims[top[0]]) if len(top) else 0.0
        if best <= 0:
            return out
        for j in top:
            for i in self.question_docs[int(j)]:
                out[i] += sims[j] / best
        return _unit(out)


def _term_law(
    examples: Sequence[TrainingExample], tokens: Sequence[list[str]], law_ids: dict[str, int]
) -> dict[str, dict[int, float]]:
    """P(law | token) with add-two smoothing on the token's total, over laws present in the corpus."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for ex, toks in zip(examples, tokens, strict=True):
        laws = {law_ids[law] for law, _ in ex.labels if law in law_ids}
        for token in set(toks):
            for law in laws:
                counts[token][law] += 1
    table: dict[str, dict[int, float]] = {}
    for token, per_law in counts.items():
        total = sum(per_law.values()) + 2.0
        table[token] = {law: n / total for law, n in per_law.items()}
    return table


def _cocite(cited: Sequence[list[int]], n_docs: int) -> sp.csr_matrix:
    """P(b cited | a cited) over training questions, add-one smoothed on a's count."""
    rows: list[int] = []
    cols: list[int] = []
    count = np.zeros(n_docs, dtype=np.float64)
    for c in cited:
        count[c] += 1.0
        for a in c:
            for b in c:
                if a != b:
                    rows.append(a)
                    cols.append(b)
    pairs = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n_docs, n_docs), dtype=np.float64
    )
    pairs.sum_duplicates()
    scaled = sp.diags(1.0 / (count + 1.0)) @ pairs
    return sp.csr_matrix(scaled, dtype=np.float32)


def _unit(values: F32) -> F32:
    top = float(values.max()) if values.size else 0.0
    return values / np.float32(top) if top > 0 else values


def _spread(prior: F32, law_of_doc: I32, share: float = 0.5) -> F32:
    """Give neighbouring articles of the same law part of a cited article's prior."""
    out = prior.copy()
    same_prev = law_of_doc[1:] == law_of_doc[:-1]
    left = np.where(same_prev, prior[1:] * share, 0).astype(np.float32)
    out[:-1] = np.maximum(out[:-1], left)
    out[1:] = np.maximum(out[1:], np.where(same_prev, prior[:-1] * share, 0).astype(np.float32))
    return out
