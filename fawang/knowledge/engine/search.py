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

from fawang.knowledge.engine.expansion import expand_query
from fawang.knowledge.engine.index import F32, BM25Index
from fawang.knowledge.engine.learned import LearnedSignals
from fawang.knowledge.engine.ranking import Weights, fuse, snippet, top_indices, unit
from fawang.knowledge.engine.tokenize import DATA_DIR, bigrams, clean_query, words
from fawang.knowledge.engine.types import Doc, Filters, Hit, TrainingExample

log = logging.getLogger(__name__)

# Bump when tokenisation or index layout changes: old cache files are then ignored.
INDEX_VERSION = "fawang-engine-1"
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
    ) -> None:
        self.docs = list(docs)
        self.word_index = word_index
        self.bigram_index = bigram_index
        self.learned = learned
        self.weights = weights or Weights()
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
    ) -> SearchEngine:
        """Index ``docs``. With ``cache_dir`` the lexical index is loaded from / saved to disk,
        keyed by a fingerprint of the corpus, so a restart skips segmentation."""
        doc_list = list(docs)
        word_index = bigram_index = None
        cache_file = None
        if cache_dir is not None:
            cache_file = Path(cache_dir) / f"statute-index-{fingerprint(doc_list)}.npz"
            loaded = _load_cache(cache_file)
            if loaded is not None:
                word_index, bigram_index = loaded
        if word_index is None or bigram_index is None:
            fields = [_doc_field(d) for d in doc_list]
            word_index = BM25Index.build(words(f) for f in fields)
            bigram_index = BM25Index.build(bigrams(f) for f in fields)
            if cache_file is not None:
                _save_cache(cache_file, word_index, bigram_index)
        learned = LearnedSignals.build(doc_list, training)
        return cls(doc_list, word_index, bigram_index, learned)

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
        scores = self._scores(text, weighted)
        picked = top_indices(scores, self._mask(filters), min(top_k, MAX_TOP_K))
        terms = list(weighted)
        return [self._hit(i, float(scores[i]), terms) for i in picked]

    def _scores(self, text: str, weighted: dict[str, float]) -> F32:
        lexical = unit(self.word_index.score(weighted))
        char = unit(self.bigram_index.score({b: 1.0 for b in bigrams(text)}))
        base = lexical * np.float32(self.weights.words) + char * np.float32(self.weights.bigrams)
        if not float(base.max()) > 0:
            return base  # nothing matched: priors alone must not invent results
        learned = self.learned
        signals: dict[str, F32] = {
            "law_prior": learned.law_prior,
            "article_prior": learned.article_prior,
            "law_affinity": learned.law_affinity(weighted),
            "neighbours": learned.neighbours(weighted, len(self.docs)),
        }
        # Priors only re-order docs that matched something lexically.
        return np.where(base > 0, base + fuse(signals, self.weights), np.float32(0)).astype(np.float32)

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


def _save_cache(path: Path, word_index: BM25Index, bigram_index: BM25Index) -> None:
    """Write atomically so that a concurrent reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {**word_index.to_arrays("w"), **bigram_index.to_arrays("b")}
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache dir must not break search
        log.warning("could not write search index cache %s: %s", path, exc)


def _load_cache(path: Path) -> tuple[BM25Index, BM25Index] | None:
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        return BM25Index.from_arrays(arrays, "w"), BM25Index.from_arrays(arrays, "b")
    except (OSError, ValueError, KeyError) as exc:
        log.warning("ignoring unreadable search index cache %s: %s", path, exc)
        return None
