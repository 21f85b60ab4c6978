"""SearchEngine: BM25 over jieba words and character bigrams, fused with training-derived priors."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from fawang.knowledge.engine.embedding import EMBEDDING_VERSION, ArticleVectors, QuestionEmbedding
from fawang.knowledge.engine.expansion import expand_query
from fawang.knowledge.engine.index import F32, BM25Index
from fawang.knowledge.engine.learned import LearnedSignals
from fawang.knowledge.engine.ranking import Weights, fuse, snippet, top_indices, unit
from fawang.knowledge.engine.rerank import (
    FEATURES,
    NEIGHBOUR_TOP,
    Channels,
    Doc2Query,
    QuerySignals,
    TreeEnsemble,
    candidates,
    cocite_seeds,
    features,
    fit_ensemble,
    fit_lambdarank,
    with_neighbours,
)
from fawang.knowledge.engine.tokenize import DATA_DIR, bigrams, clean_query, words
from fawang.knowledge.engine.translation import Translation
from fawang.knowledge.engine.types import Doc, Filters, Hit, TrainingExample

log = logging.getLogger(__name__)

# Bump when tokenisation or index layout changes: old cache files are then ignored.
INDEX_VERSION = "fawang-engine-1"  # the index layout did not change with the second stage
MAX_TOP_K = 1000
NO_FILTERS = Filters()


def _doc_field(doc: Doc) -> str:
    """Article text plus its headings and the law's short title, which often name the topic."""
    return f"{doc.text} {doc.short} {doc.path}"


def fingerprint(docs: Sequence[Doc]) -> str:
    h = hashlib.sha256(INDEX_VERSION.encode())
    for name in ("legal_dict.txt", "stopwords.txt"):
        h.update((DATA_DIR / name).read_bytes())
    for d in docs:
        h.update("\x1f".join((d.key, d.short, d.path, d.text)).encode("utf-8", "replace"))
        h.update(b"\x1e")
    return h.hexdigest()[:32]


class SearchEngine:
    def __init__(
        self,
        docs: Sequence[Doc],
        word_index: BM25Index,
        bigram_index: BM25Index,
        learned: LearnedSignals,
        weights: Weights | None = None,
        *,
        channels: Channels | None = None,
        doc2query: Doc2Query | None = None,
        ranker: TreeEnsemble | None = None,
        article_vectors: ArticleVectors | None = None,
    ) -> None:
        self.docs = list(docs)
        self.word_index = word_index
        self.bigram_index = bigram_index
        self.learned = learned
        self.weights = weights or Weights()
        # Second stage (rerank.py): used only when all three parts are present.
        self.channels = channels
        self.doc2query = doc2query
        self.ranker = ranker
        self.neighbour_top = NEIGHBOUR_TOP  # see rerank.with_neighbours
        self.article_vectors = article_vectors
        self._key_pos = {d.key: i for i, d in enumerate(self.docs)}
        self._levels = np.array([d.level for d in self.docs], dtype=np.str_)
        self._current = np.array([d.current for d in self.docs], dtype=np.bool_)
        self._instruments = np.array([d.instrument_key for d in self.docs], dtype=np.str_)
        self._masks: dict[Filters, npt.NDArray[np.bool_] | None] = {}

    @classmethod
    def build(
        cls,
        docs: Iterable[Doc],
        *,
        training: Iterable[TrainingExample] = (),
        cache_dir: Path | None = None,
        rerank: bool = True,
    ) -> SearchEngine:
        """Index ``docs``. With ``cache_dir`` the lexical index and the article vectors (embedding.py)
        are loaded from / saved to disk, keyed by a fingerprint of the corpus (and
        ``EMBEDDING_VERSION``), so a restart skips segmentation and the SVD.

        With training examples and the shipped ranker model (``data/ranker.npz``), candidates are
        re-ranked by the learned model; otherwise (or with ``rerank=False``) the hand-weighted fusion
        alone ranks them."""
        doc_list = list(docs)
        examples = [ex for ex in training if ex.labels]
        word_index = bigram_index = vectors = None
        cache_file = None
        stale = False
        if cache_dir is not None:
            cache_file = Path(cache_dir) / f"statute-index-{fingerprint(doc_list)}.npz"
            loaded = _load_cache(cache_file, len(doc_list))
            if loaded is not None:
                word_index, bigram_index, vectors = loaded
        if word_index is None or bigram_index is None:
            fields = [_doc_field(d) for d in doc_list]
            word_index = BM25Index.build(words(f) for f in fields)
            bigram_index = BM25Index.build(bigrams(f) for f in fields)
            stale = True
        if doc_list and examples and vectors is None:
            vectors = ArticleVectors.build(word_index)
            stale = True
        if stale and cache_file is not None:  # one file per corpus, vectors included
            _save_cache(cache_file, word_index, bigram_index, vectors)
        learned = LearnedSignals.build(doc_list, examples)
        engine = cls(doc_list, word_index, bigram_index, learned)
        if doc_list and examples:
            learned.translation = Translation.fit(doc_list, examples, word_index.idf)
        if doc_list and examples and vectors is not None:
            engine.article_vectors = vectors
            learned.embedding = QuestionEmbedding.fit(vectors, doc_list, examples)
        if doc_list:
            engine.channels = Channels(doc_list, word_index, bigram_index)
            engine.doc2query = Doc2Query.build(doc_list, examples, word_index)
            if rerank and examples:
                engine.ranker = TreeEnsemble.load()
        return engine

    def doc(self, key: str) -> Doc | None:
        pos = self._key_pos.get(key)
        return None if pos is None else self.docs[pos]

    def search(self, query: str, *, top_k: int = 10, filters: Filters = NO_FILTERS) -> list[Hit]:
        """Best articles for ``query``. Never raises on odd input: junk is dropped, length capped."""
        if not isinstance(query, str) or top_k <= 0 or not self.docs:
            return []
        text = clean_query(query)
        weighted = expand_query(text)
        if not weighted:
            return []
        mask = self._mask(filters)
        if self.ranker is not None and self.doc2query is not None and self.channels is not None:
            scores = self._rerank(text, weighted, mask, self.ranker)
        else:
            scores = self._scores(text, weighted)
        picked = top_indices(scores, mask, min(top_k, MAX_TOP_K))
        terms = list(weighted)
        return [self._hit(i, float(scores[i]), terms) for i in picked]

    def _scores(self, text: str, weighted: dict[str, float], learned: LearnedSignals | None = None) -> F32:
        """The hand-weighted fusion (first stage, and the whole ranking without the second stage)."""
        learned = learned or self.learned
        lexical = unit(self.word_index.score(weighted))
        char = unit(self.bigram_index.score({b: 1.0 for b in bigrams(text)}))
        base = lexical * np.float32(self.weights.words) + char * np.float32(self.weights.bigrams)
        if not float(base.max()) > 0:
            return base  # nothing matched: priors alone must not invent results
        sims = learned.questions.score(weighted) if learned.questions is not None else None
        return self._fuse(base, learned, learned.law_affinity(weighted), learned.neighbours_from(sims))

    def _fuse(self, base: F32, learned: LearnedSignals, affinity: F32, neighbours: F32) -> F32:
        signals: dict[str, F32] = {
            "law_prior": learned.law_prior,
            "article_prior": learned.article_prior,
            "law_affinity": affinity,
            "neighbours": neighbours,
        }
        # Priors only re-order docs that matched something lexically.
        return np.where(base > 0, base + fuse(signals, self.weights), np.float32(0)).astype(np.float32)

    def _signals(
        self, text: str, weighted: dict[str, float], learned: LearnedSignals, d2q: Doc2Query
    ) -> QuerySignals:
        """Every channel's dense scores, each computed once (the fusion reuses them)."""
        raw = self.word_index.score(weighted)
        words_unit = unit(raw)
        bigram_unit = unit(self.bigram_index.score({b: 1.0 for b in bigrams(text)}))
        base = words_unit * np.float32(self.weights.words) + bigram_unit * np.float32(self.weights.bigrams)
        sims = learned.questions.score(weighted) if learned.questions is not None else None
        affinity = learned.law_affinity(weighted)
        neighbours = learned.neighbours_from(sims)
        d2q_raw = d2q.score(weighted, len(self.docs))
        translated = learned.translation.expand(weighted)
        embedding = learned.embedding.score(weighted) if learned.embedding is not None else None
        return QuerySignals(
            words=words_unit,
            words_raw_max=float(raw.max()),
            bigrams=bigram_unit,
            law_affinity=affinity,
            neighbours=neighbours,
            question_similarity=float(sims.max()) if sims is not None and sims.size else 0.0,
            doc2query=unit(d2q_raw),
            doc2query_raw_max=float(d2q_raw.max()),
            fused=self._fuse(base, learned, affinity, neighbours) if float(base.max()) > 0 else base,
            translation=unit(self.word_index.score(translated)) if translated else np.zeros_like(raw),
            embedding=embedding if embedding is not None else np.zeros_like(raw),
        )

    def _candidate_features(
        self,
        text: str,
        weighted: dict[str, float],
        mask: npt.NDArray[np.bool_] | None,
        learned: LearnedSignals,
        d2q: Doc2Query,
    ) -> tuple[npt.NDArray[np.int64], F32, F32]:
        """Candidates (within ``mask``: lexical matches, plus what the non-lexical channels reach
        when the query matched anything lexically), their feature rows, and the fused first-stage
        scores of every article."""
        if self.channels is None:
            raise ValueError("the second stage needs a corpus")
        sig = self._signals(text, weighted, learned, d2q)
        if not float(sig.fused.max()) > 0:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)), np.float32), sig.fused
        rm3 = self.channels.rm3(sig.words + sig.bigrams * np.float32(0.5))
        allowed = sig.fused > 0 if mask is None else (sig.fused > 0) & mask
        anywhere = np.ones(len(self.docs), dtype=np.bool_) if mask is None else mask
        sig.cocite = learned.cocited_with(cocite_seeds(sig, allowed, anywhere))
        cand, channel_ranks = candidates(sig, rm3, allowed, anywhere=anywhere)
        cand, channel_ranks = with_neighbours(
            cand, channel_ranks, self.channels.law_of_doc, anywhere, top=self.neighbour_top
        )
        x = features(self.channels, learned, sig, rm3, cand, channel_ranks, text, weighted)
        return cand, x, sig.fused

    def _rerank(
        self,
        text: str,
        weighted: dict[str, float],
        mask: npt.NDArray[np.bool_] | None,
        ranker: TreeEnsemble,
    ) -> F32:
        """Learned scores in (0.5, 1] for the candidates; other matches keep their fused order below."""
        if self.doc2query is None:
            raise ValueError("the second stage needs doc2query")
        cand, x, fused = self._candidate_features(text, weighted, mask, self.learned, self.doc2query)
        out = (unit(fused) * np.float32(0.5)).astype(np.float32)
        if cand.size:
            z = ranker.cascade(x).astype(np.float64)
            spread = float(z.max() - z.min())
            norm = (z - z.min()) / spread if spread > 0 else np.ones_like(z)
            # Min-max, not a sigmoid: ranking scores are not log-odds, and the cascade's lower band
            # is far below the rest, where a sigmoid would flatten it into ties.
            out[cand] = (0.5 + 0.5 * (0.02 + 0.98 * norm)).astype(np.float32)
        return out

    def fit_ranker(
        self,
        training: Sequence[TrainingExample],
        *,
        folds: int = 5,
        seed: int = 0,
        objective: str = "lambdarank",
    ) -> TreeEnsemble:
        """Fit the second-stage model on ``training`` with cross-fitting: each question's features use
        learned signals and doc2query built from the other folds only. Needs scikit-learn."""
        x, y, group = self.ranker_examples(training, folds=folds, seed=seed)
        if objective == "binary":
            return fit_ensemble(x, y)
        return fit_lambdarank(x, y, group)

    def ranker_examples(
        self, training: Sequence[TrainingExample], *, folds: int = 5, seed: int = 0
    ) -> tuple[F32, npt.NDArray[np.int8], npt.NDArray[np.int64]]:
        """Cross-fitted (features, relevance) rows for every candidate of every training question,
        and the number of rows of each question (in order, for listwise objectives)."""
        if self.channels is None:
            raise ValueError("no corpus to fit a ranker on")
        examples = [ex for ex in training if ex.labels]
        order = np.random.default_rng(seed).permutation(len(examples))
        fold_of = np.empty(len(examples), dtype=np.int64)
        fold_of[order] = np.arange(len(examples)) % folds
        positions: dict[tuple[str, str], list[int]] = {}
        for i, d in enumerate(self.docs):
            positions.setdefault((d.law, d.article), []).append(i)
        xs: list[F32] = []
        ys: list[npt.NDArray[np.int8]] = []
        for f in range(folds):
            rest = [ex for ex, k in zip(examples, fold_of, strict=True) if k != f]
            learned = LearnedSignals.build(self.docs, rest)
            learned.translation = Translation.fit(self.docs, rest, self.word_index.idf)
            if self.article_vectors is not None:
                learned.embedding = QuestionEmbedding.fit(self.article_vectors, self.docs, rest)
            d2q = Doc2Query.build(self.docs, rest, self.word_index)
            for ex, k in zip(examples, fold_of, strict=True):
                if k != f:
                    continue
                text = clean_query(ex.question)
                weighted = expand_query(text)
                if not weighted:
                    continue
                cand, x, _ = self._candidate_features(text, weighted, None, learned, d2q)
                if not cand.size:
                    continue
                gold = {i for label in ex.labels for i in positions.get(label, [])}
                xs.append(x)
                ys.append(np.array([int(i) in gold for i in cand], dtype=np.int8))
        if not xs:
            raise ValueError("no usable training question")
        return np.vstack(xs), np.concatenate(ys), np.array([y.size for y in ys], dtype=np.int64)

    def _mask(self, filters: Filters) -> npt.NDArray[np.bool_] | None:
        if filters not in self._masks:
            mask = np.ones(len(self.docs), dtype=np.bool_)
            if filters.current_only:
                mask &= self._current
            if filters.levels is not None:
                mask &= np.isin(self._levels, list(filters.levels))
            if filters.instrument_keys is not None:
                mask &= np.isin(self._instruments, list(filters.instrument_keys))
            if len(self._masks) > 64:
                self._masks.clear()
            self._masks[filters] = None if bool(mask.all()) else mask
        return self._masks[filters]

    def _hit(self, i: int, score: float, terms: list[str]) -> Hit:
        d = self.docs[i]
        return Hit(
            key=d.key, law=d.law, article=d.article, score=round(score, 6), snippet=snippet(d.text, terms)
        )


def _save_cache(
    path: Path, word_index: BM25Index, bigram_index: BM25Index, vectors: ArticleVectors | None = None
) -> None:
    """Write atomically so that a concurrent reader never sees half a file. The article vectors are
    stored with their ``EMBEDDING_VERSION``; vectors of another version are ignored when loading."""
    arrays = {**word_index.to_arrays("w"), **bigram_index.to_arrays("b")}
    if vectors is not None:
        arrays["e_vectors"] = vectors.vectors
        arrays["e_version"] = np.array([EMBEDDING_VERSION], dtype=np.str_)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache dir must not break search
        log.warning("could not write search cache file %s: %s", path, exc)


def _load_cache(path: Path, n_docs: int) -> tuple[BM25Index, BM25Index, ArticleVectors | None] | None:
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        indexes = BM25Index.from_arrays(arrays, "w"), BM25Index.from_arrays(arrays, "b")
    except (OSError, ValueError, KeyError) as exc:
        log.warning("ignoring unreadable search index cache %s: %s", path, exc)
        return None
    vectors = None
    version = arrays.get("e_version")
    if version is not None and version.tolist() == [EMBEDDING_VERSION]:
        vectors = ArticleVectors.from_arrays({"vectors": arrays["e_vectors"]})
        if vectors.vectors.ndim != 2 or vectors.vectors.shape[0] != n_docs:
            vectors = None
    return (*indexes, vectors)
