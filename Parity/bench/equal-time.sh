#!/usr/bin/env bash
# Equal time: in the wall time of one C-tool skip-gram epoch (-cbow 0 -hs 0 -negative 5 -size 100 -window 5
# -sample 1e-4 -min-count 5 -threads 2 -iter 1), how many epochs each trainer completes with the same settings, and
# the analogy accuracy it reaches (the C compute-accuracy, threshold 30000). Method: time one epoch of each trainer
# (its whole run: vocabulary, training, output); the epochs it gets are the most whose time, at that one-epoch wall
# time each, fits in the C tool's (so the vocabulary pass is counted once per epoch: a slight undercount); run that
# many, check the wall time against the budget, score.
#
#   Parity/bench/equal-time.sh [corpus.xz|corpus] [questions-words.txt]
#
# Defaults: ../shared/data/imdb-100M.xz (a full run took 17 minutes on 2 shared cores) and
# ../shared/data/questions-words.txt; ../shared/data/text8-prefix-12.5M.xz is a quick check of the script. Work files
# go to .bench/equal-time/. THREADS=2. ENTRIES lists the trainers, ';'-separated, each "name:kind[:extra flags]"
# with kind one of ours, c, gensim, fasttext, pword2vec; extra flags go to that trainer's command line (an entry
# of ours whose flags the CLI refuses, or ignores as unknown, is skipped with its message). Default:
#   ours-fast:ours; ours-batch:ours:-batch 1; c:c; gensim:gensim; fasttext:fasttext; pword2vec:pword2vec
# gensim runs with GENSIM_PYTHON (default /usr/bin/python3, Debian's python3-gensim), GENSIM_MODE=file (corpus_file,
# its fast mode, on a copy of the corpus with 1,000 words a line; the default) or lines (LineSentence), fastText is
# Debian's `fasttext` 0.9.2 (apt-get install fasttext; skipgram with -maxn 0: no subwords, plain word2vec), and
# pWord2Vec is built by ../shared/peers/build-pword2vec.sh (PWORD2VEC=/path/to/pWord2Vec uses a built one). A
# trainer that is missing is skipped with a message.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=Parity/bench/common.sh
source "$root/Parity/bench/common.sh"
questions=${2:-$root/../shared/data/questions-words.txt}
threads=${THREADS:-2}
entries=${ENTRIES:-ours-fast:ours; ours-batch:ours:-batch 1; c:c; gensim:gensim; fasttext:fasttext; pword2vec:pword2vec}
gpy=${GENSIM_PYTHON:-/usr/bin/python3}
bench_corpus "${1:-$root/../shared/data/imdb-100M.xz}"
bench_c_tool
bench_ours
out=$work/equal-time
mkdir -p "$out"

# gensim's corpus_file reader keeps the first 10,000 words of a line (imdb-100M is one line): that mode reads a copy
# cut into lines of 1,000 words (the C tool's sentence length), written once, outside the timed runs.
gmode=${GENSIM_MODE:-file}
gcorpus=$corpus
if [ "$gmode" = file ]; then
  gcorpus=$out/$(basename "$corpus").lines
  [ -f "$gcorpus" ] || tr -s ' \n' '\n\n' < "$corpus" | paste -d ' ' $(printf -- '- %.0s' $(seq 1000)) > "$gcorpus"
fi
settings="-size 100 -window 5 -sample 1e-4 -min-count 5 -threads $threads"
# train NAME KIND EPOCHS EXTRA -> writes $out/NAME.bin, prints the wall seconds; non-zero with the error on failure
train() {
  local name=$1 kind=$2 epochs=$3 extra=$4 bin=$out/$1.bin
  local start end
  start=$(date +%s.%N)
  case $kind in
    ours) # shellcheck disable=SC2086
      "$ours" -train "$corpus" -output "$bin" -binary 1 -cbow 0 -hs 0 -negative 5 $settings -iter "$epochs" -debug 0 -strict 1 $extra >/dev/null ;;
    c) # shellcheck disable=SC2086
      "$cw2v" -train "$corpus" -output "$bin" -binary 1 -cbow 0 -hs 0 -negative 5 $settings -iter "$epochs" -debug 0 $extra >/dev/null ;;
    gensim) "$gpy" "$root/Parity/bench/equal_time_gensim.py" train "$gcorpus" "$bin" "$epochs" "$threads" "$gmode" >/dev/null ;;
    fasttext) # shellcheck disable=SC2086
      fasttext skipgram -input "$corpus" -output "$out/$name" -dim 100 -ws 5 -neg 5 -t 1e-4 -minCount 5 -thread "$threads" \
        -maxn 0 -epoch "$epochs" -verbose 0 $extra >/dev/null
      "$gpy" "$root/Parity/bench/equal_time_gensim.py" convert "$out/$name.vec" "$bin" ;;
    pword2vec) # shellcheck disable=SC2086
      OMP_NUM_THREADS=$threads "$pw2v" -train "$corpus" -output "$bin" -size 100 -window 5 -negative 5 -sample 1e-4 \
        -threads "$threads" -binary 1 -iter "$epochs" -min-count 5 -alpha 0.025 -batch-size 11 $extra >/dev/null ;;
    *) echo "equal-time: unknown kind $kind" >&2; return 2 ;;
  esac
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
accuracy() {
  "$cacc" "$1" 30000 < "$questions" | sed -n -E 's/^Total accuracy: *([0-9.]+).*/\1/p' | tail -1
}
available() { # KIND -> 0 when the trainer can run (builds pWord2Vec when missing)
  case $1 in
    gensim) "$gpy" -c 'import gensim' 2>/dev/null || { echo "skip $2: $gpy has no gensim"; return 1; } ;;
    fasttext) command -v fasttext >/dev/null || { echo "skip $2: no fasttext (apt-get install fasttext)"; return 1; } ;;
    pword2vec)
      if [ -z "${pw2v:-}" ]; then
        pw2v=${PWORD2VEC:-}
        if [ -z "$pw2v" ]; then
          pw2v=$("$root/../shared/peers/build-pword2vec.sh" "$work/pword2vec" 2>/dev/null | tail -1) || pw2v=
        fi
      fi
      [ -x "${pw2v:-}" ] || { echo "skip $2: pWord2Vec could not be built (../shared/peers/build-pword2vec.sh)"; return 1; } ;;
  esac
}

printf "corpus %s, %s threads, %s, %s\n" "$(basename "$corpus")" "$threads" "$(bench_machine)" "$(date -u +%Y-%m-%d)"
budget=$(train c-budget c 1 "")
printf "budget: one C-tool skip-gram epoch, %.1f s wall (accuracy %s%%)\n\n" "$budget" "$(accuracy "$out/c-budget.bin")"
printf "%-12s %10s %7s %10s %8s %9s\n" trainer "1 epoch s" epochs "wall s" "/budget" "accuracy"
IFS=';' read -r -a list <<< "$entries"
for entry in "${list[@]}"; do
  entry=$(echo "$entry" | sed 's/^ *//; s/ *$//')
  [ -n "$entry" ] || continue
  IFS=: read -r name kind extra <<< "$entry"
  available "$kind" "$name" || continue
  if ! one=$(train "$name" "$kind" 1 "${extra:-}" 2> "$out/$name.err"); then
    echo "skip $name: $(grep -m1 . "$out/$name.err" || echo "exit status non-zero")"
    continue
  fi
  # Our runs take -strict 1, which refuses an unknown option (above); a build without -strict warns about the option
  # and goes on without it, which would time the run without its flags.
  if [ "$kind" = ours ] && grep -q "unknown option" "$out/$name.err"; then
    echo "skip $name: the CLI does not take its flags: $(grep -m1 "unknown option" "$out/$name.err")"
    continue
  fi
  epochs=$(echo "e = $budget / $one; scale = 0; e / 1" | bc -l)
  [ "$epochs" -ge 1 ] || epochs=1
  if [ "$epochs" -eq 1 ]; then wall=$one; else wall=$(train "$name" "$kind" "$epochs" "${extra:-}"); fi
  printf "%-12s %10.1f %7s %10.1f %8.2f %8s%%\n" "$name" "$one" "$epochs" "$wall" "$(echo "$wall / $budget" | bc -l)" \
    "$(accuracy "$out/$name.bin")"
done
