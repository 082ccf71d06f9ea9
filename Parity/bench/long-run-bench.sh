#!/usr/bin/env bash
# Long runs at full speed: trains with the default -iter 5 (a minute or more) and times every epoch from the progress
# line, so that a slowdown part-way through a run (a re-compilation that replaces fast code by slower code, a cache
# or memory effect) shows as a later epoch slower than the first. Prints, per mode, each epoch's seconds and
# words/s and the ratio of the slowest later epoch to the first; a ratio under 0.85 is reported as a fall.
#
#   Parity/bench/long-run-bench.sh [corpus.xz|corpus]
#
# Defaults: ../shared/data/imdb-100M.xz (18.7M words; one sg+ns epoch is 10-15 s here, -iter 5 about a minute).
# MODES="sg+ns cbow+ns sg+hs cbow+hs" (default: all four), ITER=5, THREADS=2. BIN=/path/to/word2vec times another
# build; ENV="DOTNET_TieredCompilation=0" runs it with runtime settings (for a comparison).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=common.sh
. "$root/Parity/bench/common.sh"
iter=${ITER:-5}
threads=${THREADS:-2}
modes=${MODES:-${order[*]}}
bench_corpus "${1:-$root/../shared/data/imdb-100M.xz}"
bench_ours

printf "corpus %s, -iter %s, %s threads, %s %s\n" "$(basename "$corpus")" "$iter" "$threads" "$ours" "${ENV:-}"
for mode in $modes; do
  # shellcheck disable=SC2086
  env ${ENV:-} "$ours" -train "$corpus" -output "$work/long-run.bin" -size 100 -window 5 -sample 1e-4 -min-count 5 \
    -threads "$threads" -iter "$iter" -binary 1 ${combos[$mode]} |
    python3 -c '
import re, sys, time
mode, iters = sys.argv[1], int(sys.argv[2])
start, words, marks, buf = None, None, {}, b""
out = sys.stdin.buffer
while True:
    chunk = out.read1(4096)
    now = time.monotonic()
    if not chunk:
        # The last epoch ends with the run (the progress line stops short of 100%, as C'"'"'s does); writing the
        # vectors of a 100-dimensional model takes a fraction of a second.
        if start is not None and iters - 1 in marks:
            marks.setdefault(iters, now)
        break
    buf += chunk
    *parts, buf = re.split(rb"[\r\n]", buf)
    for p in parts:
        m = re.search(rb"Words in train file: (\d+)", p)
        if m:
            words = int(m.group(1))
        m = re.search(rb"Progress: ([0-9.]+)%", p)
        if m:
            if start is None:
                start = now
            done = float(m.group(1)) / 100 * iters
            for e in range(1, iters + 1):
                if done >= e - 1e-9 and e not in marks:
                    marks[e] = now
if start is None or words is None or len(marks) < iters:
    sys.exit(f"{mode}: no complete progress line (epochs seen: {sorted(marks)})")
# The first epoch is timed from the first progress line (training has started), the others between epoch ends.
edges = [start] + [marks[e] for e in range(1, iters + 1)]
secs = [b - a for a, b in zip(edges, edges[1:])]
rates = [words / s if s > 0 else float("inf") for s in secs]
first, worst = rates[0], min(rates[1:]) if iters > 1 else rates[0]
cells = " | ".join(f"{s:5.1f} s {r / 1e6:5.2f}M/s" for s, r in zip(secs, rates))
verdict = "steady" if worst / first >= 0.85 else "FALLS"
print(f"{mode:8} | {cells} | slowest later / first {worst / first:.2f} {verdict} | total {sum(secs):.1f} s")
' "$mode" "$iter"
done
