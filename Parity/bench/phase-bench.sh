#!/usr/bin/env bash
# Where a training run's time goes, phase by phase, for our CLI (fast mode) and the C tool, each of the four model
# combinations (train-bench.sh's flags). Both are timed the same way, from their own -debug 2 output, stamped as it
# arrives by Parity/bench/phase_times.py: vocabulary = process start to the "Vocab size" line; tables (Huffman tree,
# unigram table, weights) = to the first progress line; training = to the last progress line; output = to the exit.
# The first progress line comes after a thread's first 10,000 words (both tools; ours also polls every 100 ms), so
# the "x" columns move the tables/training boundary back to 0% and the training/output boundary on to 100% at the
# run's training rate. The C tool runs under `stdbuf -o0` (its standard output is a pipe, which glibc buffers).
#
#   Parity/bench/phase-bench.sh [corpus.xz|corpus]
#
# Defaults: ../shared/data/imdb-100M.xz (18.7M words; one round of all four modes is about 3 minutes on 2 cores).
# ROUNDS=1 (rounds alternate C and ours, mode by mode; medians over rounds), MODES="sg+ns cbow+ns sg+hs cbow+hs",
# THREADS=2, BIN=/path/to/word2vec times another build of ours, LIMITS=0 leaves out the work per word and the
# attainable rate (below). Work files and per-run logs go to .bench/phases/.
# After the phases: the work per trained word (Parity/bench/work_per_word.py) and the rate the machine attains on the
# step's operations (Parity/bench Program.cs "peak"), and the fraction of it each training phase reaches (the flops
# of the kept words over the extrapolated training seconds).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=Parity/bench/common.sh
source "$root/Parity/bench/common.sh"
rounds=${ROUNDS:-1}
threads=${THREADS:-2}
modes=${MODES:-${order[*]}}
bench_corpus "${1:-$root/../shared/data/imdb-100M.xz}"
bench_c_tool
bench_ours
logs=$work/phases
mkdir -p "$logs"
results=$logs/results.txt
: > "$results"

printf "corpus %s (%s bytes), %s threads, %s round(s), %s, %s\n" "$(basename "$corpus")" "$(stat -c %s "$corpus")" \
  "$threads" "$rounds" "$(bench_machine)" "$(date -u +%Y-%m-%d)"
common="-train $corpus -size 100 -window 5 -sample 1e-4 -threads $threads -iter 1 -min-count 5 -binary 1 -debug 2"
for ((r = 1; r <= rounds; r++)); do
  for m in $modes; do
    for tool in C ours; do
      if [ "$tool" = C ]; then cmd=(stdbuf -o0 "$cw2v"); else cmd=("$ours"); fi
      # shellcheck disable=SC2086
      line=$(python3 "$root/Parity/bench/phase_times.py" --log "$logs/$tool-$m-$r.log" -- "${cmd[@]}" $common \
        ${combos[$m]} -output "$work/phases/$tool-$m.bin")
      echo "$m $tool $line" >> "$results"
      echo "round $r $m $tool: $line"
    done
  done
done

# The work per trained word (Parity/bench/work_per_word.py, from the vocabulary and the corpus) and the machine's
# attainable rate for the step's arithmetic (Program.cs "peak": the same operations on rows in L1, 1 thread and
# $threads), for the fraction of it each run's training phase reaches.
work_file=$logs/work.txt
peak_file=$logs/peak.txt
: > "$peak_file"
if [ "${LIMITS:-1}" = 1 ]; then
  "$ours" -train "$corpus" -min-count 5 -debug 0 -save-vocab "$logs/vocab.txt" >/dev/null
  python3 "$root/Parity/bench/work_per_word.py" "$logs/vocab.txt" "$corpus" | tee "$work_file" | grep -v flops_per_word
  dotnet build "$root/Parity/bench" -c Release -v q -nologo >/dev/null
  for t in $(printf "%s\n" 1 "$threads" | sort -un); do
    echo "peak $t $(dotnet "$root/Parity/bench/bin/Release/net10.0/Word2VecNative.Bench.dll" peak "$t" 3)" | tee -a "$peak_file"
  done
else
  : > "$work_file"
fi

# Medians per mode, tool and phase; ratios C / ours; then the fraction of the attainable rate.
python3 - "$results" "$work_file" "$peak_file" "$threads" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    mode, tool, kv = f[0], f[1], dict(zip(f[2::2], map(float, f[3::2])))
    rows.setdefault((mode, tool), []).append(kv)
phases = ["vocab", "tables", "train", "output", "total", "tables_x", "train_x", "output_x"]
med = {k: {p: statistics.median(r[p] for r in v) for p in phases} for k, v in rows.items()}
print()
print(f"{'mode':8} {'phase':9} {'C s':>8} {'ours s':>8} {'C/ours':>7}")
for mode in dict.fromkeys(k[0] for k in rows):
    if (mode, "C") not in med or (mode, "ours") not in med:
        continue
    c, o = med[(mode, "C")], med[(mode, "ours")]
    for p in phases:
        ratio = f"{c[p] / o[p]:6.2f}x" if o[p] > 0 else "     -"
        print(f"{mode:8} {p:9} {c[p]:8.3f} {o[p]:8.3f} {ratio:>7}")
    n = len(rows[(mode, "C")])
    print(f"{mode:8} first progress line at C {statistics.median(r['first_pct'] for r in rows[(mode, 'C')]):.2f}% "
          f"ours {statistics.median(r['first_pct'] for r in rows[(mode, 'ours')]):.2f}% ({n} round(s))")
work = {}
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) > 2 and f[0] == "mode" and f[2] == "flops_per_word":
        work[f[1]] = dict(zip(f[2::2], map(float, f[3::2])))
peak = {int(l.split()[1]): float(l.split()[3]) for l in open(sys.argv[3]) if l.startswith("peak ")}
t = int(sys.argv[4])
if work and t in peak:
    print()
    print(f"attainable: {peak[t]:.1f} GFLOP/s with {t} thread(s) ({peak.get(1, 0):.1f} with 1), the step's operations on rows in L1")
    print(f"{'mode':8} {'flops/word':>10} {'kept words':>11} {'C GFLOP/s':>10} {'C %':>6} {'ours GFLOP/s':>12} {'ours %':>7}")
    for mode in dict.fromkeys(k[0] for k in rows):
        if mode not in work or (mode, "C") not in med or (mode, "ours") not in med:
            continue
        w = work[mode]
        total = w["flops_per_word"] * w["kept_per_epoch"]
        c, o = total / med[(mode, "C")]["train_x"] / 1e9, total / med[(mode, "ours")]["train_x"] / 1e9
        print(f"{mode:8} {w['flops_per_word']:10.0f} {w['kept_per_epoch']:11.0f} {c:10.2f} {100 * c / peak[t]:5.1f}% "
              f"{o:12.2f} {100 * o / peak[t]:6.1f}%")
PY
