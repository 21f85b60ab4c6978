"""Question word -> statute word translation table (IBM Model 1), learned from training pairs.

Lay questions and statutes use different words for the same thing (欠钱 / 借款, 老板 / 用人单位). Each
training question is paired with the text of every article it cites, and Model 1's EM aligns every
article word to one question word (or to NULL, which absorbs the statutes' boilerplate). The table
t(article word | question word) then turns a new question into a weighted bag of statute words, which
the word BM25 index scores as one more candidate channel and ranker feature: unlike doc2query it also
reaches articles that no training question cited. Learned from the training split only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from fawang.knowledge.engine.tokenize import words
from fawang.knowledge.engine.types import Doc, TrainingExample

NULL = "\x00"
ITERATIONS = 6
TERMS_PER_WORD = 15  # best statute words kept per question word
EXPANSION_TERMS = 40  # statute words sent to the index per query
MIN_WEIGHT = 0.02  # t(a | q) x idf(a)


@dataclass
class Translation:
    table: dict[str, tuple[tuple[str, float], ...]]  # question word -> ((statute word, weight), ...)

    @classmethod
    def fit(
        cls, docs: Sequence[Doc], training: Sequence[TrainingExample], idf: Callable[[str], float]
    ) -> Translation:
        """EM for t(a | q) over (question words + NULL) x (distinct article words) of every cited
        article. Each row keeps the statute words with the best t(a | q) x idf(a), so that words
        found in every article (应当, 规定) do not crowd out the telling ones."""
        pairs, question_count = _pairs(docs, training)
        if not pairs:
            return cls({})
        q_vocab: dict[str, int] = {}
        a_vocab: dict[str, int] = {}
        qs, as_, slots = [], [], []
        slot = 0
        for q, a in pairs:
            qi = np.array([q_vocab.setdefault(t, len(q_vocab)) for t in q], dtype=np.int64)
            ai = np.array([a_vocab.setdefault(t, len(a_vocab)) for t in a], dtype=np.int64)
            qs.append(np.tile(qi, ai.size))
            as_.append(np.repeat(ai, qi.size))
            slots.append(np.repeat(np.arange(slot, slot + ai.size), qi.size))
            slot += ai.size
        q_of = np.concatenate(qs)
        a_of = np.concatenate(as_)
        slot_of = np.concatenate(slots)
        keys, key_of = np.unique(q_of * len(a_vocab) + a_of, return_inverse=True)
        key_q = keys // len(a_vocab)
        key_a = keys % len(a_vocab)
        t = np.ones(keys.size, dtype=np.float64)  # uniform start: every co-occurring pair equal
        for _ in range(ITERATIONS):
            p = t[key_of]
            posterior = p / np.bincount(slot_of, weights=p, minlength=slot)[slot_of]
            counts = np.bincount(key_of, weights=posterior, minlength=keys.size)
            t = counts / np.bincount(key_q, weights=counts, minlength=len(q_vocab))[key_q]
        q_names = np.array(sorted(q_vocab, key=q_vocab.__getitem__), dtype=object)
        a_names = np.array(sorted(a_vocab, key=a_vocab.__getitem__), dtype=object)
        a_idf = np.array([idf(str(a)) for a in a_names], dtype=np.float64)
        t = t * a_idf[key_a]
        order = np.lexsort((-t, key_q))
        starts = np.r_[0, np.flatnonzero(np.diff(key_q[order])) + 1, order.size]
        table: dict[str, tuple[tuple[str, float], ...]] = {}
        for lo, hi in zip(starts[:-1], starts[1:], strict=True):
            qid = int(key_q[order[lo]])
            word = str(q_names[qid])
            if word == NULL:
                continue
            # A word seen in one or two questions gives a noisy row: shrink it towards nothing.
            trust = question_count[word] / (question_count[word] + 2.0)
            best = order[lo:hi][:TERMS_PER_WORD]
            row = tuple((str(a_names[key_a[k]]), float(t[k]) * trust) for k in best if t[k] >= MIN_WEIGHT)
            if row:
                table[word] = row
        return cls(table)

    def expand(self, query: dict[str, float]) -> dict[str, float]:
        """Statute words implied by the query's words, weighted by sum of weight x t(a | q), max 1."""
        mass: dict[str, float] = {}
        for token, weight in query.items():
            for term, prob in self.table.get(token, ()):
                mass[term] = mass.get(term, 0.0) + weight * prob
        if not mass:
            return {}
        best = sorted(mass.items(), key=lambda kv: (-kv[1], kv[0]))[:EXPANSION_TERMS]
        peak = best[0][1]
        return {term: value / peak for term, value in best}


def _pairs(
    docs: Sequence[Doc], training: Sequence[TrainingExample]
) -> tuple[list[tuple[list[str], list[str]]], Counter[str]]:
    """(NULL + distinct question words, distinct article words) per cited article, and in how many
    questions each question word occurs."""
    by_label: dict[tuple[str, str], str] = {(d.law, d.article): d.text for d in docs}
    article_tokens: dict[tuple[str, str], list[str]] = {}
    pairs: list[tuple[list[str], list[str]]] = []
    question_count: Counter[str] = Counter()
    for ex in training:
        q = sorted(set(words(ex.question)))
        question_count.update(q)
        for label in set(ex.labels):
            text = by_label.get(label)
            if text is None:
                continue
            if label not in article_tokens:
                article_tokens[label] = sorted(set(words(text)))
            if q and article_tokens[label]:
                pairs.append(([NULL, *q], article_tokens[label]))
    return pairs, question_count
