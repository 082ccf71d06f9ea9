#!/usr/bin/env bash
# GPU benchmark: training words/sec and analogy accuracy for skip-gram and CBOW with negative sampling at -size 100
# and 300, trained by the CUDA and OpenCL backends, by our CPU engine and (optionally) by the original C tool, all on
# one machine. It runs unattended on a machine that has only a GPU driver: no .NET, no gcc, no bc, no column.
#
# It needs the self-contained single-file `word2vec`, published on any machine with the .NET SDK by
#   dotnet publish Cli -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
#     -p:PublishTrimmed=true -p:InvariantGlobalization=true -o publish        # gives publish/word2vec
# plus bash, awk, sed and coreutils; xz only when the corpus is given as .xz (an uncompressed file is read in
# place). The C tool's row runs only when gcc is present (its sources from C_SRC=folder holding word2vec.c, or npm
# through Parity/reference/c-tool.sh beside this script); without gcc it is skipped.
#
# Words/sec are the training phase's, as word2vec reports it with -timing 1 (from the end of the vocabulary pass to
# the trained model: start-up, vocabulary and writing the vectors excluded; on a GPU it includes encoding the corpus,
# compiling the kernels and the copies). The C tool reports no such figure: its row is iter x train words over the
# wall time of its process (with -read-vocab, so without its vocabulary pass), marked "wall". Accuracy is
# `word2vec compute-accuracy VECTORS 30000` (byte-identical to the C tool's compute-accuracy): its total accuracy,
# correct answers and questions seen.
#
#   Parity/bench/gpu-bench.sh [-w ./word2vec] [-d ../shared/data] [-c CORPUS] [-q QUESTIONS] [-o ./gpu-bench-out]
#                             [-t 16] [-i 3]
#
# -c defaults to DATA/imdb-100M, else DATA/imdb-100M.xz; -q to DATA/questions-words.txt. Environment: DEVICE (the
# device index for both backends, default 0), ENGINES (default "c cpu cuda opencl"), MODELS (default "sg cbow"),
# SIZES (default "100 300"). Results: OUT/results.tsv, and a table at the end; each run's log is OUT/run-*.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

W2V=./word2vec
DATA=../shared/data
CORPUS=""
QUESTIONS=""
OUT=./gpu-bench-out
THREADS=16
ITER=3
while getopts "w:d:c:q:o:t:i:h" opt; do
  case $opt in
    w) W2V=$OPTARG ;;
    d) DATA=$OPTARG ;;
    c) CORPUS=$OPTARG ;;
    q) QUESTIONS=$OPTARG ;;
    o) OUT=$OPTARG ;;
    t) THREADS=$OPTARG ;;
    i) ITER=$OPTARG ;;
    *) sed -n '2,27p' "$0"; exit 2 ;;
  esac
done
DEVICE=${DEVICE:-0}
ENGINES=${ENGINES:-"c cpu cuda opencl"}
MODELS=${MODELS:-"sg cbow"}
SIZES=${SIZES:-"100 300"}
COMMON=(-window 5 -negative 5 -hs 0 -sample 1e-4 -min-count 5 -iter "$ITER" -binary 1)

die() { echo "gpu-bench: $*" >&2; exit 1; }
absolute() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }

[ -f "$W2V" ] && [ -x "$W2V" ] || die "the word2vec binary $W2V is missing or not executable (use -w)"
W2V=$(absolute "$W2V")
"$W2V" --version >/dev/null 2>&1 || die "$W2V does not run (publish it self-contained for this machine; see the header)"
if [ -z "$CORPUS" ]; then
  [ -d "$DATA" ] || die "data folder $DATA not found (use -d or -c)"
  if [ -s "$DATA/imdb-100M" ]; then CORPUS=$DATA/imdb-100M; else CORPUS=$DATA/imdb-100M.xz; fi
fi
[ -n "$QUESTIONS" ] || QUESTIONS=$DATA/questions-words.txt
[ -s "$CORPUS" ] || die "corpus $CORPUS not found (use -c or -d)"
[ -s "$QUESTIONS" ] || die "questions file $QUESTIONS not found (use -q or -d)"
CORPUS=$(absolute "$CORPUS")
QUESTIONS=$(absolute "$QUESTIONS")
if [ -n "${C_SRC:-}" ] && [ -d "$C_SRC" ]; then C_SRC=$(cd "$C_SRC" && pwd); fi
mkdir -p "$OUT"
cd "$OUT"

# The corpus: read in place, or decompressed once beside the results when it is .xz.
case $CORPUS in
  *.xz)
    command -v xz >/dev/null || die "$CORPUS is compressed and xz is not installed (give the uncompressed file with -c)"
    text=$(basename "${CORPUS%.xz}").txt
    if [ ! -s "$text" ]; then xz -dc "$CORPUS" > "$text.part" && mv "$text.part" "$text"; fi
    CORPUS=$PWD/$text ;;
esac

# The C tool, with the package makefile's flags (c-tool.sh's fast build), only where gcc is.
CW2V=""
if [[ " $ENGINES " == *" c "* ]]; then
  if ! command -v gcc >/dev/null; then
    echo "gpu-bench: no gcc; skipping the C tool" >&2
  else
    ctool=("$here/../reference/c-tool.sh")
    [ -n "${C_SRC:-}" ] && ctool+=(--source "$C_SRC")
    if cfast=$("${ctool[@]}" | sed -n 's/^fast=//p') && [ -n "$cfast" ] && [ -x "$cfast/word2vec" ]; then
      CW2V=$cfast/word2vec
    else
      echo "gpu-bench: the C tool is unavailable (set C_SRC to a folder holding its sources, or install npm); skipping it" >&2
    fi
  fi
fi

echo "== devices"
"$W2V" devices > devices.txt
cat devices.txt
# True when the devices listing shows device $2 under backend $1.
has_device() {
  awk -v backend="$1:" -v device="  $2:" '
    $0 == backend { on = 1; next }
    /^[a-z]+:$/ { on = 0 }
    on && index($0, device) == 1 { found = 1 }
    END { exit found ? 0 : 1 }' devices.txt
}

echo "== vocabulary"
"$W2V" -train "$CORPUS" -min-count 5 -save-vocab vocab.txt -debug 1 > vocab.log
cat vocab.log
TRAIN_WORDS=$(sed -n 's/^Words in train file: //p' vocab.log | tail -n 1)
[ -n "$TRAIN_WORDS" ] || die "could not read the number of training words from vocab.log"

now() { date +%s.%N; }
printf "engine\tmodel\tsize\tseconds\twords_per_sec\ttimed\taccuracy\tcorrect\tasked\n" > results.tsv
for model in $MODELS; do
  cbow=0
  [ "$model" = cbow ] && cbow=1
  for size in $SIZES; do
    for engine in $ENGINES; do
      out=vectors-$engine-$model-$size.bin
      log=run-$engine-$model-$size.log
      case $engine in
        c)
          [ -n "$CW2V" ] || continue
          cmd=("$CW2V" -threads "$THREADS") ;;
        cpu) cmd=("$W2V" -backend cpu -threads "$THREADS" -timing 1) ;;
        cuda|opencl)
          if ! has_device "$engine" "$DEVICE"; then
            echo "gpu-bench: no $engine device $DEVICE; skipping" >&2
            continue
          fi
          cmd=("$W2V" -backend "$engine" -device "$DEVICE" -timing 1) ;;
        *) die "unknown engine $engine" ;;
      esac
      echo "== $engine $model size $size"
      t0=$(now)
      if ! "${cmd[@]}" -train "$CORPUS" -read-vocab vocab.txt -output "$out" -cbow "$cbow" -size "$size" "${COMMON[@]}" -debug 1 > "$log" 2>&1; then
        echo "gpu-bench: $engine $model $size failed:" >&2
        tail -n 3 "$log" >&2
        continue
      fi
      t1=$(now)
      # Our binary's training phase ("Training time: S s, N words, R words/s"); the C tool's process wall time.
      timing=$(sed -n 's|^Training time: \([0-9.]*\) s, [0-9]* words, \([0-9]*\) words/s$|\1 \2|p' "$log" | tail -n 1)
      if [ -n "$timing" ]; then
        read -r secs wps <<< "$timing"
        timed=training
      else
        secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        wps=$(awk -v w="$TRAIN_WORDS" -v i="$ITER" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? w * i / s : 0) }')
        timed=wall
      fi
      "$W2V" compute-accuracy "$out" 30000 < "$QUESTIONS" > "accuracy-$engine-$model-$size.txt"
      # Section lines "ACCURACY TOP1: x %  (correct / asked)" summed; the last "Total accuracy: x %" is the total.
      read -r acc correct asked < <(awk '
        /^ACCURACY TOP1:/ { gsub(/[()]/, ""); correct += $(NF - 2); asked += $NF }
        /^Total accuracy:/ { total = $3 }
        END { printf "%s %d %d\n", total == "" ? "0.00" : total, correct, asked }' "accuracy-$engine-$model-$size.txt")
      printf "%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\n" "$engine" "$model" "$size" "$secs" "$wps" "$timed" "$acc" "$correct" "$asked" | tee -a results.tsv
    done
  done
done
echo "== results ($PWD/results.tsv; words/sec of the training phase, or of the process (wall) for the C tool; vocabulary from vocab.txt, $TRAIN_WORDS train words)"
awk -F'\t' '{ printf "%-7s %-5s %-5s %9s %14s %-9s %9s %8s %7s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' results.tsv
