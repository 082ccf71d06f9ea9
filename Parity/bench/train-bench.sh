#!/usr/bin/env bash
# Side-by-side training benchmark: our CLI (fast mode) against the reference C tool built with its own makefile,
# on the same corpus and settings, in one run. Prints wall seconds, peak memory and analogy accuracy (the C
# compute-accuracy, threshold 30000) for each tool and each of the four model combinations, and the ratios.
#
#   Parity/bench/train-bench.sh [corpus.xz|corpus] [questions-words.txt]
#
# Defaults: ../shared/data/imdb-100M.xz and ../shared/data/questions-words.txt. Work files go to .bench/.
# BEFORE=/path/to/an/older/word2vec also runs that build right after ours in every row (a before/after comparison
# of a change, both against the C tool in the same run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus_in=${1:-$root/../shared/data/imdb-100M.xz}
questions=${2:-$root/../shared/data/questions-words.txt}
threads=${THREADS:-2}
work=$root/.bench
mkdir -p "$work"

# The reference C tool built with the package's own makefile flags (Parity/reference/c-tool.sh's fast build).
cfast=$("$root/Parity/reference/c-tool.sh" | sed -n 's/^fast=//p')
[ -n "$cfast" ] || { echo "train-bench: the reference C tool could not be built" >&2; exit 1; }
cw2v=$cfast/word2vec
cacc=$cfast/compute-accuracy

# Our CLI, Release build.
dotnet build "$root/Cli" -c Release -v q -nologo >/dev/null
ours=$root/Cli/bin/Release/net10.0/word2vec

corpus=$work/$(basename "${corpus_in%.xz}")
if [ "$corpus_in" != "${corpus_in%.xz}" ]; then
  [ -f "$corpus" ] || xz -dc "$corpus_in" > "$corpus"
else
  corpus=$corpus_in
fi

common="-train $corpus -size 100 -window 5 -sample 1e-4 -threads $threads -iter 1 -min-count 5 -binary 1 -debug 0"
declare -A combos=(
  [sg+ns]="-cbow 0 -hs 0 -negative 5"
  [cbow+ns]="-cbow 1 -hs 0 -negative 5 -alpha 0.05"
  [sg+hs]="-cbow 0 -hs 1 -negative 0"
  [cbow+hs]="-cbow 1 -hs 1 -negative 0 -alpha 0.05"
)
order=(sg+ns cbow+ns sg+hs cbow+hs)

measure() { # tool-binary out-file args... -> "wall rss_mb"
  local bin=$1 out=$2; shift 2
  local extra=(-output "$out"); [ "$out" = - ] && extra=()
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" "$@" "${extra[@]}" >/dev/null
  awk '{printf "%.2f %.0f\n", $1, $2/1024}' "$work/time.txt"
}
accuracy() {
  "$cacc" "$1" 30000 < "$questions" | sed -n -E 's/^Total accuracy: *([0-9.]+).*/\1/p' | tail -1
}

printf "corpus: %s (%s bytes), threads %s, machine: %s, %s cores\n" "$corpus" "$(stat -c %s "$corpus")" "$threads" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
# Vocabulary only (-save-vocab, no -output): the files must be identical.
read -r vcw vcm < <(measure "$cw2v" - -train "$corpus" -min-count 5 -debug 0 -save-vocab "$work/c-vocab.txt")
read -r vow vom < <(measure "$ours" - -train "$corpus" -min-count 5 -debug 0 -save-vocab "$work/ours-vocab.txt")
same=$(cmp -s "$work/c-vocab.txt" "$work/ours-vocab.txt" && echo identical || echo DIFFERENT)
printf "vocabulary: C %s s %s MB, ours %s s %s MB, speedup %.2fx, vocab files %s\n" "$vcw" "$vcm" "$vow" "$vom" \
  "$(echo "$vcw / $vow" | bc -l)" "$same"
printf "%-8s | %9s %9s %7s | %9s %9s %7s | %7s %7s %7s\n" model "C wall s" "C MB" "C acc%" "ours s" "ours MB" "acc%" speedup "mem" "d acc"
for m in "${order[@]}"; do
  read -r cw cm < <(measure "$cw2v" "$work/c-$m.bin" $common ${combos[$m]})
  read -r ow om < <(measure "$ours" "$work/ours-$m.bin" $common ${combos[$m]})
  ca=$(accuracy "$work/c-$m.bin"); oa=$(accuracy "$work/ours-$m.bin")
  printf "%-8s | %9s %9s %7s | %9s %9s %7s | %6.2fx %6.2fx %+7.2f\n" "$m" "$cw" "$cm" "$ca" "$ow" "$om" "$oa" \
    "$(echo "$cw / $ow" | bc -l)" "$(echo "$om / $cm" | bc -l)" "$(echo "$oa - $ca" | bc -l)"
  if [ -n "${BEFORE:-}" ]; then
    read -r bw bm < <(measure "$BEFORE" "$work/before-$m.bin" $common ${combos[$m]})
    ba=$(accuracy "$work/before-$m.bin")
    printf "%-8s | %9s %9s %7s | %9s %9s %7s | %6.2fx %6.2fx %+7.2f  (BEFORE)\n" "$m" "" "" "" "$bw" "$bm" "$ba" \
      "$(echo "$cw / $bw" | bc -l)" "$(echo "$bm / $cm" | bc -l)" "$(echo "$ba - $ca" | bc -l)"
  fi
done
