#!/usr/bin/env bash
# One unattended GPU window. Runs on a machine with only the GPU driver (no .NET, no network, no xz, no npm, no
# python), from the folder Parity/bench/device-prepare.sh fills (default .device/ at the repository's root), in
# under 5 minutes:
#   1. the device list (`word2vec devices`);
#   2. for sg+ns, cbow+ns, sg+hs, cbow+hs at -size 100 and 300 on imdb-100M: the GPU backend (-b, default cuda) and
#      the CPU engine (all cores) side by side, each run under its own timeout;
#   3. results as OUT/results.tsv and a Markdown table OUT/results.md (printed at the end).
#
#   bash Parity/bench/device-run.sh [-d .device] [-o OUT] [-b cuda|opencl] [-c CORPUS] [-t THREADS] [-i ITER]
#
# OUT defaults to $OUT (the device machine's folder that comes back), else ./device-out. CORPUS defaults to
# DIR/imdb-100M.gz, decoded once into TMPDIR with gzip (read as is by word2vec where gzip is missing); a plain file
# is read in place. THREADS defaults to the processor count, ITER to 1. Environment: BUDGET (seconds for the whole
# script, default 280: a run that would start with less than 20 s left is recorded as skipped), RUN_TIMEOUT
# (seconds one training may take, default 60), SIZES ("100 300"), MODES ("sg+ns cbow+ns sg+hs cbow+hs"), DEVICE
# (the device index, default 0).
#
# Figures of each run (all on one vocabulary, counted once with -min-count 5 and read with -read-vocab):
#   kernel_wps  GPU: the rate of the last progress line, whose clock starts once the corpus is encoded and on the
#               device and the weights are uploaded (the launches, their waits and any streamed chunks);
#               CPU: the training phase's rate (-timing 1), which is all compute
#   phase_wps   the training phase's rate as -timing 1 prints it: from the end of the vocabulary pass to the trained
#               model (on the GPU encoding the corpus and the copies included)
#   run_wps     ITER x the corpus's words over the wall time of the whole process (start-up, reading the
#               vocabulary and the corpus, writing the vectors included)
#   accuracy    `word2vec compute-accuracy VECTORS 30000` (the C tool's program, byte for byte), total accuracy;
#               delta_acc is the GPU's minus the CPU engine's at the same settings.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$root/.device
OUTDIR=${OUT:-./device-out}
BACKEND=cuda
CORPUS=""
THREADS=$(nproc)
ITER=1
while getopts "d:o:b:c:t:i:h" opt; do
  case $opt in
    d) DIR=$OPTARG ;;
    o) OUTDIR=$OPTARG ;;
    b) BACKEND=$OPTARG ;;
    c) CORPUS=$OPTARG ;;
    t) THREADS=$OPTARG ;;
    i) ITER=$OPTARG ;;
    *) sed -n '2,34p' "$0"; exit 2 ;;
  esac
done
BUDGET=${BUDGET:-280}
RUN_TIMEOUT=${RUN_TIMEOUT:-60}
SIZES=${SIZES:-"100 300"}
MODES=${MODES:-"sg+ns cbow+ns sg+hs cbow+hs"}
DEVICE=${DEVICE:-0}
declare -A flags=(
  [sg+ns]="-cbow 0 -hs 0 -negative 5"
  [cbow+ns]="-cbow 1 -hs 0 -negative 5 -alpha 0.05"
  [sg+hs]="-cbow 0 -hs 1 -negative 0"
  [cbow+hs]="-cbow 1 -hs 1 -negative 0 -alpha 0.05"
)
start=$SECONDS
die() { echo "device-run: $*" >&2; exit 1; }
step() { echo "== [$((SECONDS - start)) s] $*"; }

W2V=$DIR/word2vec
[ -x "$W2V" ] || die "$W2V is missing: run Parity/bench/device-prepare.sh first and carry its folder"
QUESTIONS=$DIR/questions-words.txt
[ -s "$QUESTIONS" ] || die "$QUESTIONS is missing: run Parity/bench/device-prepare.sh first"
[ -n "$CORPUS" ] || CORPUS=$DIR/imdb-100M.gz
[ -s "$CORPUS" ] || die "corpus $CORPUS not found"
CORPUS_NAME=$(basename "${CORPUS%.gz}")
case $BACKEND in cuda|opencl) ;; *) die "-b must be cuda or opencl (got $BACKEND)" ;; esac
for mode in $MODES; do [ -n "${flags[$mode]:-}" ] || die "unknown mode $mode in MODES (sg+ns, cbow+ns, sg+hs, cbow+hs)"; done
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/device-run-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

step "machine"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) processors"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | sed 's/^/gpu: /' || true
  fi
  echo "word2vec: $("$W2V" --version 2>&1 | head -n 1)"
} | tee "$OUTDIR/machine.txt"

step "devices"
timeout -k 5 60 "$W2V" devices > "$OUTDIR/devices.txt" 2>&1 || true
cat "$OUTDIR/devices.txt"

case $CORPUS in
  *.gz)
    if command -v gzip >/dev/null; then
      step "decoding $CORPUS once"
      gzip -dc "$CORPUS" > "$scratch/corpus.txt" || die "$CORPUS does not decompress"
      CORPUS=$scratch/corpus.txt
    fi ;;
esac

step "vocabulary"
timeout -k 5 120 "$W2V" -train "$CORPUS" -min-count 5 -save-vocab "$scratch/vocab.txt" -debug 1 > "$OUTDIR/vocab.log" 2>&1 \
  || die "the vocabulary pass failed: $(tail -n 2 "$OUTDIR/vocab.log")"
WORDS=$(sed -n 's/^Words in train file: //p' "$OUTDIR/vocab.log" | tail -n 1)
[ -n "$WORDS" ] || die "no 'Words in train file' line in vocab.log"
cat "$OUTDIR/vocab.log"

tsv=$OUTDIR/results.tsv
printf "mode\tsize\tengine\tstatus\tseconds\tkernel_wps\tphase_wps\trun_wps\taccuracy\n" > "$tsv"
# The Markdown table: a row a mode and size, the GPU beside the CPU engine; rewritten after every run, so that a
# window that ends early still brings back what was measured.
write_table() {
awk -F'\t' -v gpu="$BACKEND" -v threads="$THREADS" -v iter="$ITER" -v words="$WORDS" -v corpus="$CORPUS_NAME" '
  function m(x) { return x == "" ? "–" : sprintf("%.2fM", x / 1e6) }
  function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "–" : sprintf("%.2fx", a / b) }
  NR == 1 { next }
  { key = $1 " " $2; keys[key] = 1; order[++n] = key; st[key, $3] = $4; kw[key, $3] = $6; pw[key, $3] = $7; rw[key, $3] = $8; ac[key, $3] = $9 }
  END {
    printf "%s (%s words), -iter %s, -window 5 -sample 1e-4 -min-count 5; CPU engine on %s threads. Words/s in millions.\n\n", corpus, words, iter, threads
    printf "| mode | size | %s kernel | %s phase | %s run | CPU kernel | CPU run | kernel %s/CPU | run %s/CPU | acc %s | acc CPU | Δ acc |\n", gpu, gpu, gpu, gpu, gpu, gpu
    printf "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    for (i = 1; i <= n; i++) {
      key = order[i]; if (seen[key]++) continue
      split(key, p, " ")
      g = (st[key, gpu] == "ok"); c = (st[key, "cpu"] == "ok")
      d = (g && c && ac[key, gpu] != "" && ac[key, "cpu"] != "" && ac[key, gpu] != "failed" && ac[key, "cpu"] != "failed") ? sprintf("%+.2f", ac[key, gpu] - ac[key, "cpu"]) : "–"
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p[1], p[2],
        g ? m(kw[key, gpu]) : st[key, gpu], g ? m(pw[key, gpu]) : "–", g ? m(rw[key, gpu]) : "–",
        c ? m(kw[key, "cpu"]) : st[key, "cpu"], c ? m(rw[key, "cpu"]) : "–",
        (g && c) ? ratio(kw[key, gpu], kw[key, "cpu"]) : "–", (g && c) ? ratio(rw[key, gpu], rw[key, "cpu"]) : "–",
        g ? ac[key, gpu] : "–", c ? ac[key, "cpu"] : "–", d
    }
  }' "$tsv" > "$OUTDIR/results.md.part" && mv "$OUTDIR/results.md.part" "$OUTDIR/results.md"
}

now() { date +%s.%N; }
for mode in $MODES; do
  for size in $SIZES; do
    for engine in "$BACKEND" cpu; do
      name=$engine-$mode-$size
      log=$OUTDIR/run-$name.log
      left=$((BUDGET - (SECONDS - start)))
      if [ "$left" -lt 20 ]; then
        printf "%s\t%s\t%s\tskipped (budget)\t\t\t\t\t\n" "$mode" "$size" "$engine" >> "$tsv"
        write_table
        continue
      fi
      # The run and its accuracy pass share what is left (each may take 5 s more to be killed).
      limit=$RUN_TIMEOUT
      [ $(((left - 10) * 2 / 3)) -lt "$limit" ] && limit=$(((left - 10) * 2 / 3))
      case $engine in
        cpu) backend=(-backend cpu -threads "$THREADS") ;;
        *) backend=(-backend "$engine" -device "$DEVICE") ;;
      esac
      step "$name (timeout ${limit} s)"
      t0=$(now)
      # shellcheck disable=SC2086 # the mode's flags are words
      if timeout -k 5 "$limit" "$W2V" -train "$CORPUS" -read-vocab "$scratch/vocab.txt" -output "$scratch/$name.bin" -binary 1 \
          -size "$size" -window 5 -sample 1e-4 -min-count 5 -iter "$ITER" ${flags[$mode]} "${backend[@]}" -debug 2 -timing 1 \
          > "$log" 2>&1; then
        status=ok
      else
        rc=$?
        status="failed ($rc)"
        # 124: ended by the timeout; 137: killed 5 s after it (a device wait that did not end at SIGTERM).
        if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then status="timed out (${limit} s)"; fi
      fi
      t1=$(now)
      secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
      kernel="" phase="" run="" acc=""
      if [ "$status" = ok ]; then
        phase=$(sed -n 's|^Training time: [0-9.]* s, [0-9]* words, \([0-9]*\) words/s$|\1|p' "$log" | tail -n 1)
        if [ "$engine" = cpu ]; then
          kernel=$phase
        else
          kernel=$(tr '\r' '\n' < "$log" | sed -n 's|.*Words/thread/sec: \([0-9.]*\)k.*|\1|p' | tail -n 1 | awk '{ printf "%.0f", $1 * 1000 }')
        fi
        run=$(awk -v w="$WORDS" -v i="$ITER" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? w * i / s : 0) }')
        acc_limit=$((BUDGET - (SECONDS - start) - 5))
        [ "$acc_limit" -gt 90 ] && acc_limit=90
        [ "$acc_limit" -lt 1 ] && acc_limit=1
        if timeout -k 5 "$acc_limit" "$W2V" compute-accuracy "$scratch/$name.bin" 30000 < "$QUESTIONS" > "$OUTDIR/accuracy-$name.txt" 2>&1; then
          acc=$(sed -n 's/^Total accuracy: \([0-9.]*\) %.*/\1/p' "$OUTDIR/accuracy-$name.txt" | tail -n 1)
        else
          acc="failed"
        fi
        rm -f "$scratch/$name.bin"
      else
        tail -n 3 "$log" >&2
      fi
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$mode" "$size" "$engine" "$status" "$secs" "$kernel" "$phase" "$run" "$acc" | tee -a "$tsv"
      write_table
    done
  done
done

step "results ($OUTDIR/results.tsv, $OUTDIR/results.md)"
cat "$OUTDIR/results.md"
