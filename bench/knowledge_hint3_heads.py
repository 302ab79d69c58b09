"""HINT3 v1, grouped folds: other heads over the embeddings, and an acceptance-target threshold (issue 14).

Same folds as ``knowledge_hint3_grouped.py`` (near-duplicate groups held out together, ~20% of the
intents hidden whole, out-of-scope weighted to the real test sets' share), but each head is a plain
numpy/scikit-learn scorer, not the knowledge base's calibrator, so a variant costs seconds, not minutes.

``heads``: per head, top-1 in-scope accuracy and the best threshold in hindsight (oracle MCC, in-scope
accuracy, OOS recall, and the share of answerable questions that threshold accepts).
``acceptance``: the threshold that a target share of answerable questions clears, learned on an inner
grouped 5-fold split of each fold's training part (known intents only), against the oracle.

    nice .venv/bin/python bench/knowledge_hint3_heads.py heads [bot ...]
    nice .venv/bin/python bench/knowledge_hint3_heads.py acceptance [bot ...]
"""

from __future__ import annotations

import argparse

import numpy as np
from knowledge_data import datasets_dir, intents_module
from knowledge_hint3_grouped import BOTS, OOS, OOS_SHARE, embed, figures, fold_items
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from warmline.knowledge._tuning import near_duplicate_groups

TARGETS = (0.6, 0.7, 0.75, 0.8, 0.85)


def lr_probs(x_train: np.ndarray | csr_matrix, y_train: np.ndarray, x_test: np.ndarray | csr_matrix,
             c: float = 10.0) -> tuple[np.ndarray, np.ndarray]:
    model = LogisticRegression(C=c, max_iter=500).fit(x_train, y_train)
    return model.classes_, model.predict_proba(x_test)


def knn_softmax(sims: np.ndarray, y_train: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Per class the best key cosine, as a softmax at temperature 1/20."""
    per_class = np.stack([sims[:, y_train == c].max(1) for c in classes], 1)
    z = per_class * 20
    z -= z.max(1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(1, keepdims=True)


def heads(vec: np.ndarray, texts: list[str], y: np.ndarray, tr: np.ndarray,
          te: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(predicted class, score) per test item for each head."""
    ytr = y[tr]
    out = {}
    cls, p = lr_probs(vec[tr], ytr, vec[te])
    out["lr"] = (cls[p.argmax(1)], p.max(1))
    sims = vec[te] @ vec[tr].T
    out["knn"] = (ytr[sims.argmax(1)], sims.max(1))
    tf = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=1)
    t_train, t_test = tf.fit_transform([texts[i] for i in tr]), tf.transform([texts[i] for i in te])
    _, p2 = lr_probs(t_train, ytr, t_test)
    pe = (p + p2) / 2
    out["lr+tfidf"] = (cls[pe.argmax(1)], pe.max(1))
    cls3, p3 = lr_probs(hstack([csr_matrix(vec[tr]), t_train]).tocsr(), ytr,
                        hstack([csr_matrix(vec[te]), t_test]).tocsr())
    out["lr[emb|tfidf]"] = (cls3[p3.argmax(1)], p3.max(1))
    pk = knn_softmax(sims, ytr, cls)
    pm = (p + pk) / 2
    out["lr+knnsoft"] = (cls[pm.argmax(1)], pm.max(1))
    pa = (p + p2 + pk) / 3
    out["lr+tfidf+knnsoft"] = (cls[pa.argmax(1)], pa.max(1))
    ordered = np.sort(pe, 1)
    out["lr+tfidf margin"] = (cls[pe.argmax(1)], ordered[:, -1] - ordered[:, -2])
    return out


def cheap_heads(vec: np.ndarray, y_train: np.ndarray, tr: np.ndarray, te: np.ndarray
                ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    cls, p = lr_probs(vec[tr], y_train, vec[te])
    pk = knn_softmax(vec[te] @ vec[tr].T, y_train, cls)
    return {k: (cls[v.argmax(1)], v.max(1)) for k, v in {"lr": p, "lr+knnsoft": (p + pk) / 2}.items()}


def inner_scores(vec: np.ndarray, y: np.ndarray, groups: np.ndarray, tr: np.ndarray) -> dict[str, list[float]]:
    """Scores of held-out answerable questions: grouped 5-fold over the training part, all intents known."""
    unique = np.unique(groups[tr])
    fold_of = dict(zip(unique, np.random.default_rng(3).integers(0, 5, unique.size), strict=True))
    fold = np.array([fold_of[g] for g in groups[tr]])
    out: dict[str, list[float]] = {}
    for k in range(5):
        itr, ite = tr[fold != k], tr[fold == k]
        ite = ite[np.isin(y[ite], np.unique(y[itr]))]
        for name, (_, s) in cheap_heads(vec, y[itr], itr, ite).items():
            out.setdefault(name, []).extend(s.tolist())
    return out


def run(bot: str, mode: str) -> None:
    pairs = intents_module().read_intents(datasets_dir() / "hint3" / "v1" / "train" / f"{bot}_train.csv")
    texts = [s for s, _ in pairs]
    labels = np.array([label for _, label in pairs])
    vec = embed(texts)
    names = sorted(set(labels.tolist()))
    y = np.array([names.index(x) for x in labels])
    groups = near_duplicate_groups(vec, y, np.ones(len(texts), bool), similarity=0.75)
    truth: list[str] = []
    res: dict[str, list[tuple[str, float, dict[float, float]]]] = {}
    for tr, te, fold_truth in fold_items(labels, groups):
        truth += fold_truth
        if mode == "heads":
            scored, targets = heads(vec, texts, y, tr, te), {}
        else:
            scored, inner = cheap_heads(vec, y[tr], tr, te), inner_scores(vec, y, groups, tr)
        for name, (lab, s) in scored.items():
            if mode != "heads":
                targets = {t: float(np.quantile(inner[name], 1 - t)) for t in TARGETS}
            res.setdefault(name, []).extend((names[i], x, targets) for i, x in zip(lab, s, strict=True))
    truth_a = np.array(truth)
    ins = truth_a != OOS
    share = OOS_SHARE[bot]
    w = np.where(ins, (1 - share) / ins.sum(), share / (~ins).sum())
    for name, items in res.items():
        lab = np.array([x[0] for x in items])
        s = np.array([x[1] for x in items])
        best = max(np.quantile(s, np.linspace(0, 1, 201)),
                   key=lambda t: figures(truth_a, np.where(s >= t, lab, OOS), w)[0])
        mcc, inscope, oos = figures(truth_a, np.where(s >= best, lab, OOS), w)
        line = f"{bot:12} {name:18} "
        if mode == "heads":
            line += (f"top1 {(lab == truth_a)[ins].mean():.3f} | oracle t={best:.3f} MCC {mcc:.3f} in {inscope:.3f}"
                     f" oos {oos:.3f} accept-in {(s[ins] >= best).mean():.2f}")
        else:
            line += f"oracle {mcc:.3f}/{inscope:.3f}/{oos:.3f} |"
            for t in TARGETS:
                th = np.array([x[2][t] for x in items])
                f = figures(truth_a, np.where(s >= th, lab, OOS), w)
                line += f" a{t}: {f[0]:.3f}/{f[1]:.3f}/{f[2]:.3f}"
        print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("heads", "acceptance"))
    parser.add_argument("bots", nargs="*", default=list(BOTS))
    args = parser.parse_args()
    for bot in args.bots:
        run(bot, args.mode)


if __name__ == "__main__":
    main()
