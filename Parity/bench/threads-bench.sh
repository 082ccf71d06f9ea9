#!/usr/bin/env bash
# How our CLI (fast mode) scales from one thread to two, for each of the four model combinations (train-bench.sh's
# flags), with the machine's row-access costs for the README's model of bigger machines ("Threads and big machines").
# Runs alternate -threads 1 and -threads 2, mode by mode; words/s is the training phase's (-timing 1: the words
# trained over the training seconds, the vocabulary pass and the output excluded), and the processor time per trained
# word is the run's (user + system, less a vocabulary-only run's), which the machine's other work disturbs less. Then the row benchmark
# (Parity/bench Program.cs "rows") on a matrix the size of the model's two (2 x vocabulary x 100 floats), 1 and 2
# threads: nanoseconds per random row read and written back, independent and chained, and the bytes per second.
#
#   Parity/bench/threads-bench.sh [corpus.xz|corpus]
#
# Defaults: ../shared/data/imdb-100M.xz (one round is about 3 minutes on 2 cores). ROUNDS=1 (medians over rounds),
# MODES="sg+ns cbow+ns sg+hs cbow+hs", THREADS_LIST="1 2", ITER=1, BIN=/path/to/word2vec times another build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=Parity/bench/common.sh
source "$root/Parity/bench/common.sh"
rounds=${ROUNDS:-1}
modes=${MODES:-${order[*]}}
tlist=${THREADS_LIST:-1 2}
iter=${ITER:-1}
bench_corpus "${1:-$root/../shared/data/imdb-100M.xz}"
bench_ours
dotnet build "$root/Parity/bench" -c Release -v q -nologo >/dev/null
benchdll=$root/Parity/bench/bin/Release/net10.0/Word2VecNative.Bench.dll
results=$work/threads.txt
: > "$results"

printf "corpus %s, -iter %s, %s round(s), %s, %s\n" "$(basename "$corpus")" "$iter" "$rounds" "$(bench_machine)" \
  "$(date -u +%Y-%m-%d)"
# The processor seconds of the vocabulary pass alone (one thread), taken off each run's to leave its training's.
/usr/bin/time -f "%U %S" -o "$work/threads-time.txt" "$ours" -train "$corpus" -min-count 5 -debug 0 >/dev/null
vocab_cpu=$(awk '{print $1 + $2}' "$work/threads-time.txt")
for ((r = 1; r <= rounds; r++)); do
  for m in $modes; do
    for t in $tlist; do
      # shellcheck disable=SC2086
      rate=$(/usr/bin/time -f "%U %S" -o "$work/threads-time.txt" "$ours" -train "$corpus" -size 100 -window 5 \
        -sample 1e-4 -min-count 5 -iter "$iter" -binary 1 -threads "$t" ${combos[$m]} -debug 0 -timing 1 \
        -output "$work/threads.bin" | sed -n -E 's/^Training time: ([0-9.]+) s, ([0-9]+) words, .*/\2 \1/p')
      [ -n "$rate" ] || { echo "threads-bench: no 'Training time' line from $ours" >&2; exit 1; }
      echo "$m $t $rate $(awk -v v="$vocab_cpu" '{print $1 + $2 - v}' "$work/threads-time.txt")" | tee -a "$results"
    done
  done
done
# Wall: words per second of the training phase. Processor: microseconds of processor time per trained word (the
# process's, less the vocabulary pass's): on a machine shared with other work the wall speedup falls when the other
# work takes a core, while the processor time per word still shows what a second thread costs.
python3 - "$results" "$tlist" <<'PY'
import statistics, sys
rates, cpu = {}, {}
for line in open(sys.argv[1]):
    m, t, words, secs, cpus = line.split()
    rates.setdefault(m, {}).setdefault(int(t), []).append(int(words) / float(secs))
    cpu.setdefault(m, {}).setdefault(int(t), []).append(float(cpus) / int(words) * 1e6)
ts = [int(t) for t in sys.argv[2].split()]
print()
print(f"{'mode':8} " + " ".join(f"{str(t) + ' thr words/s':>16}" for t in ts) + f" {'speedup':>8} "
      + " ".join(f"{str(t) + ' thr cpu us/word':>18}" for t in ts) + f" {'cpu ratio':>9}")
for m, byt in rates.items():
    med = {t: statistics.median(byt[t]) for t in ts if t in byt}
    us = {t: statistics.median(cpu[m][t]) for t in ts if t in cpu[m]}
    lo, hi = min(med), max(med)
    print(f"{m:8} " + " ".join(f"{med[t]:16,.0f}" for t in ts) + f" {med[hi] / med[lo]:7.2f}x "
          + " ".join(f"{us[t]:18.3f}" for t in ts) + f" {us[hi] / us[lo]:8.2f}x")
PY

# Row costs on a matrix the size of the model (syn0 and the output matrix).
vocab=$("$ours" -train "$corpus" -min-count 5 -debug 1 | sed -n 's/^Vocab size: //p')
echo
echo "rows: $((2 * vocab)) x 100 floats ($((2 * vocab * 400 / 1048576)) MB)"
for t in $tlist; do
  echo "  $t thread(s): $(dotnet "$benchdll" rows "$t" 4 $((2 * vocab)) 100)"
done
