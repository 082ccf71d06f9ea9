#!/usr/bin/env bash
# Scale checks, too big for CI; figures go into the README's "Scale" section.
#
#   Parity/scale/scale.sh [work-folder]
#
# 1. A corpus of more than 22 million distinct words, so that the C tool's ReduceVocab runs (it reduces past 70% of
#    its 30M-slot hash): the vocabulary (-save-vocab, -min-count 5) must be byte-identical to the C tool's; prints both
#    tools' wall time and peak memory.
# 2. A corpus over 4.3 GB (imdb-100M 44 times: file offsets past 2^32): vocabulary byte-identical to the C tool's,
#    then training -iter 1 (CBOW, negative sampling) completes, with its last progress line and its accuracy.
# 3. A 3M x 300 binary vectors file (3.6 GB): loads, and answers most-similar queries.
# Generated files are deleted at the end (and on failure).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$root/.bench/scale}
data=$root/../shared/data
mkdir -p "$work"
trap 'rm -f "$work"/distinct.txt "$work"/big.txt "$work"/vectors-3m.bin "$work"/*.vocab "$work"/big.bin' EXIT

cfast=$("$root/Parity/reference/c-tool.sh" | sed -n 's/^fast=//p')
[ -n "$cfast" ] || { echo "scale: the reference C tool could not be built" >&2; exit 1; }
dotnet build "$root/Cli" -c Release -v q -nologo >/dev/null
dotnet build "$root/Parity/bench" -c Release -v q -nologo >/dev/null
ours=$root/Cli/bin/Release/net10.0/word2vec
bench=$root/Parity/bench/bin/Release/net10.0/Word2VecNative.Bench

measure() { # label binary args... -> prints "label: wall s, peak MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/out.txt"
  read -r wall kb < "$work/time.txt"
  printf "%-34s %8.2f s %9.0f MB\n" "$label" "$wall" "$((kb / 1024))"
  echo "$wall $((kb / 1024))" > "$work/last.txt"
}
ratio() { echo "scale=2; $1 / $2" | bc -l; }
compare_vocabulary() { # corpus note: both tools' -save-vocab (min-count 5), which must be identical
  measure "C vocabulary$2" "$cfast/word2vec" -train "$1" -min-count 5 -debug 0 -save-vocab "$work/c.vocab"
  read -r cw cm < "$work/last.txt"
  measure "ours vocabulary" "$ours" -train "$1" -min-count 5 -debug 0 -save-vocab "$work/ours.vocab"
  read -r ow om < "$work/last.txt"
  cmp -s "$work/c.vocab" "$work/ours.vocab" && same=identical || same=DIFFERENT
  echo "  vocabulary files $same ($(wc -l < "$work/ours.vocab") words); time ours/C $(ratio "$ow" "$cw"), peak memory ours/C $(ratio "$om" "$cm")"
  [ "$same" = identical ]
}

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB"

# Sections to run (all by default): SECTIONS="1 2 3".
sections=" ${SECTIONS:-1 2 3} "

# 1. More than 22 million distinct words: w1 .. w3000000 five times first (they survive ReduceVocab and min-count 5),
#    then w1 .. w25000000 once each (most of them are reduced away).
if [[ $sections == *" 1 "* ]]; then
{ for r in 1 2 3 4 5; do seq 1 3000000; done; seq 1 25000000; } | awk '{ printf "w%s%s", $1, (NR % 20 ? " " : "\n") }' > "$work/distinct.txt"
echo "distinct-words corpus: $(stat -c %s "$work/distinct.txt") bytes, 25,000,000 distinct words, 3,000,000 of them 6 times"
compare_vocabulary "$work/distinct.txt" " (ReduceVocab runs)"
rm -f "$work/distinct.txt" "$work"/*.vocab
fi

# 2. Over 4.3 GB: imdb-100M 44 times.
if [[ $sections == *" 2 "* ]]; then
imdb=$root/.bench/imdb-100M
[ -f "$imdb" ] || xz -dc "$data/imdb-100M.xz" > "$imdb"
for i in $(seq 1 44); do cat "$imdb"; done > "$work/big.txt"
echo "big corpus: $(stat -c %s "$work/big.txt") bytes"
compare_vocabulary "$work/big.txt" ""
measure "ours training cbow+ns -iter 1" "$ours" -train "$work/big.txt" -output "$work/big.bin" -binary 1 -size 100 -window 5 \
  -sample 1e-4 -negative 5 -hs 0 -cbow 1 -iter 1 -min-count 5 -threads "$(nproc)" -debug 2
tr '\r' '\n' < "$work/out.txt" | grep 'Progress' | tail -1 | sed 's/^/  last progress line: /'
"$ours" compute-accuracy "$work/big.bin" 30000 < "$data/questions-words.txt" | tail -2 | sed 's/^/  /'
rm -f "$work/big.txt" "$work/big.bin" "$work"/*.vocab
fi

# 3. A 3M x 300 vectors file.
if [[ $sections == *" 3 "* ]]; then
"$bench" gen "$work/vectors-3m.bin" 3000000 300
echo "vectors file: $(stat -c %s "$work/vectors-3m.bin") bytes"
measure "load 3M x 300 (fresh process)" "$bench" load "$work/vectors-3m.bin" 0
sed 's/^/  /' "$work/out.txt"
measure "load, warm up, 20 most-similar" "$bench" run "$work/vectors-3m.bin" 20
sed 's/^/  /' "$work/out.txt"
fi
