#!/usr/bin/env python3
"""The training step's work per trained word, counted from the corpus, its vocabulary and the settings.

    work_per_word.py VOCAB CORPUS [--size 100] [--window 5] [--negative 5] [--sample 1e-4] [--hot 64]

VOCAB is the vocabulary the run saves (-save-vocab: "word count" lines, </s> first, in the C tool's order). Counts,
as the C tool trains (and ours): a word is kept with probability (sqrt(c / (s T)) + 1) (s T) / c (c its count, T the
words in the file, s = -sample); a sentence is a line, or 1,000 kept words; each kept word draws a window shrink b in
[0, window) and sees the kept words up to window - b away on each side, within its sentence. Then per mode:
  sg   one pair per (word, context word): T targets (ns: the word and K negatives; hs: the word's Huffman code
       length) of a dot product (2d flops) and two fused multiply-add updates (4d), then the context row's update (d)
  cbow one step per kept word with contexts: their sum (c d) and mean (d), T targets (6d each), c row updates (c d)
Bytes: rows of d floats touched (read, and written back) per kept word. Hierarchical softmax's mean code length is
weighted by the kept words (the Huffman tree is built from the counts, as the C tool builds it); "hot" is the share of
inner-node visits that land on the HOT inner nodes nearest the root (the rows our fast mode keeps per thread with
several threads, Engine/Training/Step/HotRows.cs). For negative sampling, the share of draws landing on the most
frequent rows (the unigram^0.75 distribution) says how often threads write the same rows.
Prints a table, then one machine-readable line per mode: "mode M flops_per_word F bytes_per_word B kept_per_epoch K".
"""
import argparse
import heapq
import math


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vocab")
    ap.add_argument("corpus")
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--negative", type=int, default=5)
    ap.add_argument("--sample", type=float, default=1e-4)
    ap.add_argument("--hot", type=int, default=64)
    a = ap.parse_args()
    d, win, k = a.size, a.window, a.negative

    words, counts = [], []
    for line in open(a.vocab, encoding="utf-8", errors="replace"):
        w, c = line.rsplit(" ", 1)
        words.append(w)
        counts.append(int(c))
    total = sum(counts)
    st = a.sample * total
    keep = [min(1.0, (math.sqrt(c / st) + 1) * st / c) if a.sample > 0 and c > 0 else 1.0 for c in counts]
    kept = [c * p for c, p in zip(counts, keep)]
    index = {w: i for i, w in enumerate(words)}

    # Sentences: lines (</s> ends one and is not trained), cut at 1,000 kept words; expected kept words per line.
    def pairs_in(length):
        # sum over positions of the contexts seen, averaged over the shrink: 2 * sum_i min(i, w') for w' = 1..win
        if length <= 1:
            return 0.0
        tot = 0.0
        for w in range(1, win + 1):
            m = length - 1
            s = m * (m + 1) / 2 if m <= w else w * (w + 1) / 2 + (m - w) * w
            tot += 2 * s
        return tot / win

    kept_words = 0.0
    pairs = 0.0
    with open(a.corpus, "rb") as f:
        for raw in f:
            line_kept = sum(keep[i] for t in raw.split() if (i := index.get(t.decode("utf-8", "replace"))) is not None and i > 0)
            kept_words += line_kept
            full, rest = divmod(line_kept, 1000)
            pairs += full * pairs_in(1000) + pairs_in(rest)
    ctx = pairs / kept_words  # contexts per kept word

    # Hierarchical softmax: code lengths from the counts (</s> included, as the C tool builds it).
    n = len(counts)
    heap = [(c, i) for i, c in enumerate(counts)]
    heapq.heapify(heap)
    parent = [0] * (2 * n - 1)
    nxt = n
    while len(heap) > 1:
        c1, x = heapq.heappop(heap)
        c2, y = heapq.heappop(heap)
        parent[x] = parent[y] = nxt
        heapq.heappush(heap, (c1 + c2, nxt))
        nxt += 1
    root = nxt - 1
    hot_from = root - a.hot + 1  # the last HOT inner nodes created: the largest, next to the root
    depth = [0] * (2 * n - 1)
    hot = [0] * (2 * n - 1)
    for node in range(root - 1, -1, -1):  # parents are created after their children
        p = parent[node]
        depth[node] = depth[p] + 1
        hot[node] = hot[p] + (1 if p >= hot_from else 0)
    kw = sum(kept[1:])
    code = sum(kept[i] * depth[i] for i in range(1, n)) / kw
    hot_visits = sum(kept[i] * hot[i] for i in range(1, n)) / kw

    # Negative sampling: the unigram^0.75 table's share on the most frequent rows.
    pw = [c ** 0.75 for c in counts]  # </s> is in the table too (C draws it; 0 here when the file has no newline)
    z = sum(pw)
    top = sorted(pw, reverse=True)
    share = {m: sum(top[:m]) / z for m in (1, 10, 100, 1000)}

    row = d * 4
    # per kept word: contexts (sg pairs), flops and rows touched
    modes = {
        "sg+ns": (ctx * ((k + 1) * 6 * d + d), ctx * (1 + (k + 1))),
        "cbow+ns": (2 * ctx * d + d + (k + 1) * 6 * d, ctx + (k + 1)),
        "sg+hs": (ctx * (code * 6 * d + d), ctx * (1 + code)),
        "cbow+hs": (2 * ctx * d + d + code * 6 * d, ctx + code),
    }
    print(f"vocabulary {n} words, {total} words in the file, kept per epoch {kept_words:.0f} "
          f"({kept_words / total:.3f} of the file), contexts per kept word {ctx:.3f} (window {win}, shrink included)")
    print(f"Huffman code length weighted by kept words {code:.2f}; visits to the {a.hot} inner nodes nearest the root "
          f"{hot_visits:.2f} per path ({hot_visits / code:.2f} of them)")
    print("negative draws landing on the most frequent rows: " +
          ", ".join(f"top {m}: {s:.3f}" for m, s in share.items()) + f"; the most frequent word '{words[pw.index(top[0])]}'")
    print(f"{'mode':8} {'flops/word':>11} {'rows/word':>10} {'KB rows/word':>12}")
    for m, (fl, rows) in modes.items():
        print(f"{m:8} {fl:11.0f} {rows:10.1f} {rows * row / 1024:12.1f}")
    for m, (fl, rows) in modes.items():
        print(f"mode {m} flops_per_word {fl:.0f} bytes_per_word {rows * row:.0f} kept_per_epoch {kept_words:.0f} "
              f"train_words {total} contexts {ctx:.4f} code {code:.3f} hot_visits {hot_visits:.3f} top1 {share[1]:.4f} "
              f"top10 {share[10]:.4f} top100 {share[100]:.4f}")


if __name__ == "__main__":
    main()
