"""Which intent model: grouped 5-fold cross-validation of the candidates on the same folds.

Each candidate predicts the arg-max class (a topic or `oos`) for every held-out message; the
figures are in-scope accuracy and out-of-scope rejection without any cut-off, so the models are
compared on equal terms. The chosen one (TF-IDF n-grams + LinearSVC) then gets its cut-offs
from bench/faq.py. wordllama is measured only when installed (pip install wordllama).

Run: .venv/bin/python bench/faq_models.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.corpus import groups, load_corpus  # noqa: E402
from knowledge.evaluate import folds  # noqa: E402
from knowledge.faq import Settings  # noqa: E402
from knowledge.model import train  # noqa: E402
from knowledge.rules import load_rules  # noqa: E402
from knowledge.text import BodyFinder, normalize  # noqa: E402


def predict_linear(kind: str, train_x, train_y, test_x, c: float = 1.0) -> list[str]:
    model = train(train_x, train_y, kind=kind, c=c)
    return [model.classes[int(np.argmax(model.scores(t)))] for t in test_x]


def predict_fuzzy(train_x, train_y, test_x) -> list[str]:
    from rapidfuzz import fuzz, process

    out = []
    for t in test_x:
        best = process.extractOne(t, train_x, scorer=fuzz.token_set_ratio)
        out.append(train_y[best[2]])
    return out


def predict_wordllama(train_x, train_y, test_x) -> list[str]:
    import os

    import wordllama
    from sklearn.linear_model import LogisticRegression

    wl = wordllama.WordLlama.load(
        cache_dir=os.path.dirname(wordllama.__file__), disable_download=True
    )
    clf = LogisticRegression(C=10, max_iter=3000, class_weight="balanced")
    clf.fit(np.asarray(wl.embed(train_x)), train_y)
    return list(clf.predict(np.asarray(wl.embed(test_x))))


C = Settings().svm_c


def main() -> None:
    corpus = [e for e in load_corpus() if e.intent != "smalltalk"]
    finder = BodyFinder(load_rules())
    texts = [finder.mask(normalize(e.text)) for e in corpus]
    labels = [e.intent for e in corpus]
    split = folds(groups(texts), 5)
    candidates = {
        f"TF-IDF char 2-5 + word 1-2, LinearSVC C={C:g} (chosen)": lambda a, b, c: predict_linear(
            "svm", a, b, c, C
        ),
        "TF-IDF char 2-5 + word 1-2, LinearSVC C=1": lambda a, b, c: predict_linear("svm", a, b, c),
        "TF-IDF char 2-5 + word 1-2, logistic regression": lambda a, b, c: predict_linear(
            "logreg", a, b, c
        ),
        "rapidfuzz nearest neighbour (token_set_ratio)": predict_fuzzy,
    }
    try:
        import wordllama  # noqa: F401

        candidates["wordllama 256-d static embeddings + logistic regression"] = predict_wordllama
    except ImportError:
        print("(wordllama not installed: skipped)")
    print(f"{len(corpus)} messages, {len(set(groups(texts)))} groups, 5 grouped folds")
    for name, predict in candidates.items():
        start = time.perf_counter()
        right = [0, 0]
        total = [0, 0]
        for test in split:
            held = set(test)
            train_x = [t for i, t in enumerate(texts) if i not in held]
            train_y = [y for i, y in enumerate(labels) if i not in held]
            got = predict(train_x, train_y, [texts[i] for i in test])
            for i, g in zip(test, got, strict=True):
                k = labels[i] == "oos"
                total[k] += 1
                right[k] += g == labels[i]
        print(
            f"  {name}: in scope {100 * right[0] / total[0]:.1f} %, out of scope "
            f"{100 * right[1] / total[1]:.1f} % ({time.perf_counter() - start:.0f} s)"
        )


if __name__ == "__main__":
    main()
