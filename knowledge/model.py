"""A linear text classifier over character and word n-grams, trained from the corpus.

`analyze` turns a message into features (character 2-5-grams inside words, word 1-2-grams);
`train` fits TF-IDF weights and a linear model with scikit-learn; `Model.scores` scores a message
with a few numpy operations (no scikit-learn at prediction time, about 0.1 ms).
Which linear model and which features won is measured by `bench/faq.py` (grouped k-fold
cross-validation over the corpus); the README carries the figures.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"\w+")


def analyze(text: str, char_range: tuple[int, int] = (2, 5), word_ngrams: int = 2) -> list[str]:
    """Features of an already normalised text."""
    words = _WORD.findall(text)
    feats: list[str] = []
    lo, hi = char_range
    for w in words:
        padded = f" {w} "
        n_max = min(hi, len(padded))
        for n in range(lo, n_max + 1):
            feats.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    feats.extend("w:" + w for w in words)
    if word_ngrams >= 2:
        feats.extend(f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return feats


@dataclass
class Model:
    classes: list[str]
    vocab: dict[str, int]
    idf: np.ndarray  # (n_features,)
    coef_t: np.ndarray  # (n_features, n_classes)
    intercept: np.ndarray  # (n_classes,)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        get = self.vocab.get
        ids = [i for i in map(get, analyze(text)) if i is not None]
        if not ids:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        idx, counts = np.unique(np.array(ids, dtype=np.intp), return_counts=True)
        w = (1.0 + np.log(counts)) * self.idf[idx]
        return idx, (w / np.sqrt(w @ w)).astype(np.float32)

    def scores(self, text: str) -> np.ndarray:
        """One decision value per class (higher is better)."""
        idx, w = self.vector(text)
        if len(idx) == 0:
            return self.intercept.copy()
        return w @ self.coef_t[idx] + self.intercept


def _matrix(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=1)
    return vec, vec.fit_transform(texts)


def train(texts: list[str], labels: list[str], kind: str = "svm", c: float = 1.0) -> Model:
    """Fit the model: kind "svm" (LinearSVC) or "logreg" (logistic regression)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    vec, x = _matrix(texts)
    if kind == "svm":
        clf = LinearSVC(C=c, class_weight="balanced")
    else:
        clf = LogisticRegression(C=c * 10, max_iter=2000, class_weight="balanced")
    clf.fit(x, labels)
    vocab = {f: int(i) for f, i in vec.vocabulary_.items()}
    coef = np.asarray(clf.coef_, dtype=np.float64)
    intercept = np.asarray(clf.intercept_, dtype=np.float64)
    classes = [str(c) for c in clf.classes_]
    if len(classes) == 2:  # binary problems give one row; never the case with our corpus
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]])
    return Model(classes, vocab, np.asarray(vec.idf_), np.ascontiguousarray(coef.T), intercept)


MODEL_VERSION = "1"  # bump when `analyze` or the model's meaning changes


def fingerprint(rows: list[tuple[str, str]], context: list[str], c: float) -> str:
    """What a trained model depends on: the labelled rows (text, label), whatever shapes the text
    before the model sees it (`context`: the body names that are masked), C and MODEL_VERSION."""
    import hashlib

    h = hashlib.sha256(f"{MODEL_VERSION}|{c}".encode())
    for item in context:
        h.update(f"\n{item}".encode())
    for text, label in rows:
        h.update(f"\n{label}\t{text}".encode())
    return h.hexdigest()


def save(model: Model, path, stamp: str) -> None:
    """Write the model as a small .npz (features kept in index order)."""
    features = sorted(model.vocab, key=model.vocab.__getitem__)
    np.savez_compressed(
        path,
        classes=np.array(model.classes),
        features=np.array(features),
        idf=model.idf.astype(np.float32),
        coef_t=model.coef_t.astype(np.float32),
        intercept=model.intercept.astype(np.float32),
        stamp=np.array(stamp),
    )


def load(path) -> tuple[Model, str]:
    """(model, stamp) from a file written by `save`."""
    with np.load(path, allow_pickle=False) as data:
        features = data["features"].tolist()
        model = Model(
            classes=data["classes"].tolist(),
            vocab={f: i for i, f in enumerate(features)},
            idf=data["idf"].astype(np.float32),
            coef_t=np.ascontiguousarray(data["coef_t"], dtype=np.float32),
            intercept=data["intercept"].astype(np.float32),
        )
        return model, str(data["stamp"])
