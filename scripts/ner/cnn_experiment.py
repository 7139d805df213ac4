r"""A convolutional CRF over the recognizer's own features: measured, not shipped.

The experiment behind the "neural tagger" row of ``kg/ner/MODEL.md``. Every character
gets the sum of learned 64-dimensional embeddings of its :mod:`kg.ner.features` (the
window features ``c-1=``, ``c1=``, ``c-2=``, ``c2=``, ``c-2c-1=``, ``c1c2=`` left out:
the convolutions see the neighbours), followed by four convolutions of width 3 (200
channels, dilations 1, 1, 2, 4, residual, ReLU, dropout 0.3) and a linear-chain CRF.
Trained with Adam (SparseAdam for the embeddings), batches of 32 sentences, 5 epochs,
the learning rate decaying linearly over the last 30 % of the steps.

torch is not a dependency of ``kg``; run the steps in two environments::

    # 1. features of the training and scoring sentences (the kg environment)
    .venv/bin/python scripts/ner/cnn_experiment.py dump /tmp/cnn/data.pkl
    # 2. train (a scratch environment with torch 2.13 CPU and numpy)
    python3 -m venv /tmp/tv && /tmp/tv/bin/pip install torch==2.13.0 numpy
    /tmp/tv/bin/python scripts/ner/cnn_experiment.py train /tmp/cnn/data.pkl /tmp/cnn/m.pt
    /tmp/tv/bin/python scripts/ner/cnn_experiment.py export /tmp/cnn/m.pt /tmp/cnn/m.npz
    # 3. score it alone and averaged with the shipped CRF (the kg environment, numpy)
    .venv/bin/python scripts/ner/cnn_experiment.py ensemble /tmp/cnn/m.npz

``ensemble`` averages the two models' per-character marginals with weights 0 (the CRF
alone) to 1 (the CNN alone), decodes the best valid BIO path, applies the recognizer's
span post-processing and prints micro P/R/F1 on ``example.dev`` and CLUENER dev.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
CONTEXT = ("c-1=", "c1=", "c-2=", "c2=", "c-2c-1=", "c1c2=")


def _prefix(feature: str) -> str:
    i = feature.find("=")
    return feature[: i + 1] if i >= 0 else feature


def _own(features: list[list[str]]) -> list[list[str]]:
    return [[f for f in fs if not f.startswith(CONTEXT)] for fs in features]


# --- 1. dump ---------------------------------------------------------------------------


def dump(out: Path) -> None:
    """Write training sentences (as ``kg.ner.train`` builds them) and scoring sentences."""
    from kg.ner.corpus import PdOptions, bio_tags, read_bio, read_cluener
    from kg.ner.features import sentence_features
    from kg.ner.train import (
        DEFAULT_CLUENER,
        DEFAULT_EXCLUDE,
        DEFAULT_NAME_DROPOUT,
        DEFAULT_PD,
        DEFAULT_TEACHER,
        build_examples,
        unknown_names,
    )

    scoring = [p for p in DEFAULT_EXCLUDE if p.exists()]
    examples = build_examples(
        DEFAULT_PD, DEFAULT_CLUENER, PdOptions(), None, True, scoring, DEFAULT_TEACHER
    )
    train = []
    for text, spans in examples:
        if text.strip():
            banned = unknown_names((text, spans), DEFAULT_NAME_DROPOUT)
            feats = _own(sentence_features(text, banned=banned))
            train.append((text, feats, bio_tags(len(text), spans)))

    def rows(examples):
        return [
            (text, _own(sentence_features(text)), bio_tags(len(text), spans))
            for text, spans in examples
            if text
        ]

    dev = {
        "pd": rows(read_bio(DEFAULT_EXCLUDE[0])),
        "cluener": rows(read_cluener(DEFAULT_EXCLUDE[1])),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as handle:
        pickle.dump({"train": train, "dev": dev}, handle, protocol=5)
    print(f"wrote {out}: {len(train)} training sentences")


# --- 2. train and export (torch) -------------------------------------------------------


def _spans(tags) -> set[tuple[int, int, str]]:
    """Spans of label ids (as kg.ner.tagger.decode, which the torch environment lacks)."""
    out = set()
    current = None
    for i, t in enumerate([*tags, 0]):
        name = TAGS[t]
        if current is not None and not (name.startswith("I-") and name[2:] == current[1]):
            out.add((current[0], i, current[1]))
            current = None
        if name.startswith("B-") or (name.startswith("I-") and current is None):
            current = (i, name[2:])
    return out


def train(data: Path, out: Path, args: argparse.Namespace) -> None:
    """Train the convolutional CRF; print raw-decoding dev F1 after every epoch."""
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    random.seed(1)
    with open(data, "rb") as handle:
        loaded = pickle.load(handle)
    index = {t: i for i, t in enumerate(TAGS)}
    counts = Counter(f for _, fs, _ in loaded["train"][: args.limit] for ch in fs for f in ch)
    vocab = {"<pad>": 0}
    for feature in counts:
        vocab.setdefault(_prefix(feature) + "<unk>", len(vocab))
    for feature, n in counts.most_common():
        if n >= args.minfreq:
            vocab.setdefault(feature, len(vocab))

    def encode(rows):
        out = []
        for _, fs, tags in rows:
            ids = [[vocab.get(f) or vocab.get(_prefix(f) + "<unk>", 0) for f in ch] for ch in fs]
            arr = np.zeros((len(ids), max(map(len, ids))), dtype=np.int64)
            for i, x in enumerate(ids):
                arr[i, : len(x)] = x
            out.append((arr, np.array([index[t] for t in tags])))
        return out

    rows = encode(loaded["train"][: args.limit])
    dev = {k: encode(v) for k, v in loaded["dev"].items()}
    print(f"vocabulary {len(vocab)}, {sum(len(t) for _, t in rows)} characters", flush=True)

    class CRF(nn.Module):
        def __init__(self, n: int) -> None:
            super().__init__()
            self.trans = nn.Parameter(torch.zeros(n, n))
            self.start = nn.Parameter(torch.zeros(n))
            self.end = nn.Parameter(torch.zeros(n))

        def nll(self, em, y, mask):
            score = self.start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
            alpha = self.start + em[:, 0]
            for t in range(1, em.shape[1]):
                m = mask[:, t]
                step = self.trans[y[:, t - 1], y[:, t]] + em[:, t].gather(
                    1, y[:, t : t + 1]
                ).squeeze(1)
                score = score + step * m
                new = torch.logsumexp(alpha.unsqueeze(2) + self.trans + em[:, t].unsqueeze(1), 1)
                alpha = torch.where(m.unsqueeze(1), new, alpha)
            last = y.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
            return (torch.logsumexp(alpha + self.end, 1) - score - self.end[last]).sum()

        def viterbi(self, em, mask):
            batch, length, n = em.shape
            v = self.start + em[:, 0]
            back = []
            for t in range(1, length):
                best, arg = (v.unsqueeze(2) + self.trans).max(1)
                m = mask[:, t].unsqueeze(1)
                v = torch.where(m, best + em[:, t], v)
                back.append(torch.where(m, arg, torch.arange(n).expand(batch, n)))
            cur = (v + self.end).argmax(1)
            path = [cur]
            for arg in reversed(back):
                cur = arg.gather(1, cur.unsqueeze(1)).squeeze(1)
                path.append(cur)
            return torch.stack(path[::-1], 1)

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(len(vocab), args.dim, padding_idx=0, sparse=True)
            self.c0 = nn.Conv1d(args.dim, args.hidden, 3, padding=1)
            dilations = [int(d) for d in args.dil.split(",")]
            self.convs = nn.ModuleList(
                nn.Conv1d(args.hidden, args.hidden, 3, padding=d, dilation=d) for d in dilations
            )
            self.drop = nn.Dropout(args.drop)
            self.out = nn.Linear(args.hidden, len(TAGS))
            self.crf = CRF(len(TAGS))

        def emissions(self, ids, mask):
            x = self.drop(self.emb(ids).sum(2)).transpose(1, 2)
            keep = mask.unsqueeze(1).float()
            h = torch.relu(self.c0(x)) * keep
            for conv in self.convs:
                h = (h + torch.relu(conv(self.drop(h)))) * keep
            return self.out(self.drop(h.transpose(1, 2)))

    def batch(items):
        length = max(len(t) for _, t in items)
        width = max(f.shape[1] for f, _ in items)
        ids = np.zeros((len(items), length, width), dtype=np.int64)
        y = np.zeros((len(items), length), dtype=np.int64)
        mask = np.zeros((len(items), length), dtype=bool)
        for i, (f, t) in enumerate(items):
            ids[i, : len(t), : f.shape[1]] = f
            y[i, : len(t)] = t
            mask[i, : len(t)] = True
        return torch.from_numpy(ids), torch.from_numpy(y), torch.from_numpy(mask)

    def score(net, items):
        net.eval()
        tp = fp = fn = 0
        with torch.no_grad():
            order = sorted(range(len(items)), key=lambda i: len(items[i][1]))
            for k in range(0, len(order), 128):
                part = [items[i] for i in order[k : k + 128]]
                ids, _, mask = batch(part)
                path = net.crf.viterbi(net.emissions(ids, mask), mask)
                for i, (_, tags) in enumerate(part):
                    gold, pred = _spans(tags.tolist()), _spans(path[i, : len(tags)].tolist())
                    tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        net.train()
        return round(2 * tp / max(1, 2 * tp + fp + fn), 4)

    net = Net()
    dense = [p for name, p in net.named_parameters() if not name.startswith("emb.")]
    optimizers = [
        torch.optim.Adam(dense, lr=args.lr),
        torch.optim.SparseAdam([net.emb.weight], lr=args.lr),
    ]
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][1]))
    batches = [order[k : k + args.batch] for k in range(0, len(order), args.batch)]
    steps, step = args.epochs * len(batches), 0
    for epoch in range(args.epochs):
        random.shuffle(batches)
        started, total = time.time(), 0.0
        for chosen in batches:
            lr = args.lr * min(1.0, (steps - step) / (0.3 * steps))
            step += 1
            for opt in optimizers:
                for group in opt.param_groups:
                    group["lr"] = lr
                opt.zero_grad()
            ids, y, mask = batch([rows[i] for i in chosen])
            loss = net.crf.nll(net.emissions(ids, mask), y, mask)
            (loss / len(chosen)).backward()
            nn.utils.clip_grad_norm_(dense, 5.0)
            for opt in optimizers:
                opt.step()
            total += loss.item()
        scores = {k: score(net, v) for k, v in dev.items()}
        print(
            f"epoch {epoch} loss {total / len(rows):.3f} {time.time() - started:.0f}s dev {scores}",
            flush=True,
        )
    torch.save({"state": net.state_dict(), "vocab": vocab, "args": vars(args)}, out)


def export(checkpoint: Path, out: Path) -> None:
    """Write the weights as a numpy archive (embeddings in float16)."""
    import torch

    saved = torch.load(checkpoint, weights_only=False)
    state, vocab, args = saved["state"], saved["vocab"], saved["args"]
    names = sorted(vocab, key=vocab.__getitem__)
    arrays = {
        "features": np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
        "emb": state["emb.weight"].numpy().astype(np.float16),
        "out.w": state["out.weight"].numpy(),
        "out.b": state["out.bias"].numpy(),
        "trans": state["crf.trans"].numpy(),
        "start": state["crf.start"].numpy(),
        "end": state["crf.end"].numpy(),
    }
    dilations = [1] + [int(d) for d in args["dil"].split(",")]
    keys = ["c0"] + [f"convs.{k}" for k in range(len(dilations) - 1)]
    for k, (key, dilation) in enumerate(zip(keys, dilations, strict=True)):
        arrays[f"conv{k}.w"] = state[key + ".weight"].numpy()
        arrays[f"conv{k}.b"] = state[key + ".bias"].numpy()
        arrays[f"conv{k}.d"] = np.array(dilation)
    np.savez_compressed(out, **arrays)
    print(f"wrote {out}")


# --- 3. numpy inference and the ensemble ----------------------------------------------


class ConvCRF:
    """The exported model in numpy: per-character marginals of one sentence."""

    def __init__(self, path: Path) -> None:
        z = np.load(path)
        names = bytes(z["features"]).decode("utf-8").split("\n")
        self.index = {f: i for i, f in enumerate(names)}
        self.emb = z["emb"].astype(np.float32)
        self.convs = []
        k = 0
        while f"conv{k}.w" in z:
            w = z[f"conv{k}.w"].astype(np.float32)  # (out, in, 3)
            stacked = np.concatenate([w[:, :, 0].T, w[:, :, 1].T, w[:, :, 2].T], 0)
            self.convs.append((stacked, z[f"conv{k}.b"], int(z[f"conv{k}.d"])))
            k += 1
        self.out_w, self.out_b = z["out.w"].T, z["out.b"]
        self.trans = z["trans"].astype(np.float64)
        self.start, self.end = z["start"].astype(np.float64), z["end"].astype(np.float64)

    def emissions(self, features: list[list[str]]) -> np.ndarray:
        """Per-character label scores of one sentence (its ``sentence_features``)."""
        x = np.zeros((len(features), self.emb.shape[1]), dtype=np.float32)
        for i, fs in enumerate(_own(features)):
            ids = [self.index.get(f) or self.index.get(_prefix(f) + "<unk>", 0) for f in fs]
            x[i] = self.emb[ids].sum(0)
        h = x
        for k, (w, b, d) in enumerate(self.convs):
            padded = np.zeros((len(h) + 2 * d, h.shape[1]), dtype=h.dtype)
            padded[d : d + len(h)] = h
            shifted = np.concatenate([padded[: len(h)], h, padded[2 * d :]], 1)
            y = np.maximum(shifted @ w + b, 0)
            h = y if k == 0 else h + y
        return h @ self.out_w + self.out_b

    def marginals(self, features: list[list[str]]) -> np.ndarray:
        """Forward-backward in probability space, normalised at every step."""
        em = self.emissions(features).astype(np.float64)
        e = np.exp(em - em.max(1, keepdims=True))
        trans = np.exp(self.trans - self.trans.max())
        alpha = np.zeros_like(e)
        beta = np.zeros_like(e)
        a = np.exp(self.start - self.start.max()) * e[0]
        alpha[0] = a / a.sum()
        for t in range(1, len(e)):
            a = (alpha[t - 1] @ trans) * e[t]
            alpha[t] = a / a.sum()
        b = np.exp(self.end - self.end.max())
        beta[-1] = b / b.sum()
        for t in range(len(e) - 2, -1, -1):
            b = trans @ (e[t + 1] * beta[t + 1])
            beta[t] = b / b.sum()
        m = alpha * beta
        return m / m.sum(1, keepdims=True)


def _valid_path(log_marginals: np.ndarray) -> list[int]:
    """The best BIO-valid label path under summed log marginals."""
    n = len(TAGS)
    allowed = np.zeros((n, n))
    for i, a in enumerate(TAGS):
        for j, b in enumerate(TAGS):
            if b.startswith("I-") and (a == "O" or a[2:] != b[2:]):
                allowed[i, j] = -1e9
    v = log_marginals[0] + np.array([-1e9 if t.startswith("I-") else 0.0 for t in TAGS])
    back = []
    for t in range(1, len(log_marginals)):
        x = v[:, None] + allowed
        back.append(x.argmax(0))
        v = x.max(0) + log_marginals[t]
    cur = int(v.argmax())
    path = [cur]
    for arg in reversed(back):
        cur = int(arg[cur])
        path.append(cur)
    return path[::-1]


def ensemble(model: Path, crf: Path | None, weights: list[float]) -> None:
    """Print micro P/R/F1 of the averaged marginals for every weight of the CNN."""
    import pycrfsuite

    from kg.ner.corpus import read_bio, read_cluener
    from kg.ner.evaluate import score
    from kg.ner.features import sentence_features
    from kg.ner.rules import merge_place_organization, trim_person_affixes
    from kg.ner.tagger import decode
    from kg.ner.train import DEFAULT_EXCLUDE

    cnn = ConvCRF(model)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf or Path(__file__).resolve().parents[2] / "kg" / "ner" / "model.crfsuite"))
    sets = {
        "example.dev": read_bio(DEFAULT_EXCLUDE[0]),
        "CLUENER dev": read_cluener(DEFAULT_EXCLUDE[1]),
    }
    for name, examples in sets.items():
        gold, preds = [], {w: [] for w in weights}
        for text, spans in examples:
            gold.append(spans)
            features = sentence_features(text)
            tagger.set(features)
            tagger.tag()
            m_crf = np.array([[tagger.marginal(t, i) for t in TAGS] for i in range(len(text))])
            m_cnn = cnn.marginals(features)
            for w in weights:
                path = _valid_path(np.log(w * m_cnn + (1 - w) * m_crf + 1e-12))
                found = trim_person_affixes(
                    text, merge_place_organization(decode([TAGS[k] for k in path]))
                )
                preds[w].append([s for s in found if text[s[0] : s[1]].strip()])
        for w in weights:
            print(f"{name} cnn weight {w}: {score(gold, preds[w]).table().splitlines()[-1]}")


def main(argv: list[str] | None = None) -> int:
    """Run one step: ``dump``, ``train``, ``export`` or ``ensemble``."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("dump").add_argument("out", type=Path)
    t = sub.add_parser("train")
    t.add_argument("data", type=Path)
    t.add_argument("out", type=Path)
    t.add_argument("--dim", type=int, default=64)
    t.add_argument("--hidden", type=int, default=200)
    t.add_argument("--dil", default="1,2,4", help="dilations after the first convolution")
    t.add_argument("--epochs", type=int, default=5)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--drop", type=float, default=0.3)
    t.add_argument("--minfreq", type=int, default=2)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--limit", type=int, help="train on the first N sentences (quick runs)")
    e = sub.add_parser("export")
    e.add_argument("checkpoint", type=Path)
    e.add_argument("out", type=Path)
    s = sub.add_parser("ensemble")
    s.add_argument("model", type=Path)
    s.add_argument("--crf", type=Path, help="crfsuite model (default: the shipped one)")
    s.add_argument("--weights", default="0,0.3,0.5,0.7,1")
    args = parser.parse_args(argv)
    if args.step == "dump":
        dump(args.out)
    elif args.step == "train":
        train(args.data, args.out, args)
    elif args.step == "export":
        export(args.checkpoint, args.out)
    else:
        ensemble(args.model, args.crf, [float(w) for w in args.weights.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
