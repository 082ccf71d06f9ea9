#!/usr/bin/env bash
# Side-by-side training benchmark: our CLI (fast mode) against the reference C tool built with its own makefile,
# on the same corpus and settings. For each of the four model combinations the two tools run in alternation, ROUNDS
# pairs (C, ours, C, ours, ...), so that the machine's drift hits both alike; each pair gives a ratio of wall times,
# and the script prints every pair and the medians: wall seconds, peak memory, analogy accuracy (the C
# compute-accuracy, threshold 30000) and the speedup.
#
#   Parity/bench/train-bench.sh [corpus.xz|corpus] [questions-words.txt]
#
# Defaults: ../shared/data/imdb-100M.xz and ../shared/data/questions-words.txt. Work files go to .bench/.
# ROUNDS=3 (pairs per mode), ITER=1 (epochs; the tools' default is 5), THREADS=2, MODES="sg+ns cbow+ns sg+hs cbow+hs",
# EXTRA="-batch 1" (flags for our runs only). BEFORE=/path/to/an/older/word2vec also runs that build right after ours
# in every pair (a before/after comparison of a change, both against the C tool in the same run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=common.sh
. "$root/Parity/bench/common.sh"
questions=${2:-$root/../shared/data/questions-words.txt}
threads=${THREADS:-2}
rounds=${ROUNDS:-3}
iter=${ITER:-1}
read -r -a modes <<< "${MODES:-${order[*]}}"
bench_corpus "${1:-$root/../shared/data/imdb-100M.xz}"
bench_c_tool
bench_ours

measure() { # tool-binary out-file args... -> "wall rss_mb"
  local bin=$1 out=$2; shift 2
  local extra=(-output "$out"); [ "$out" = - ] && extra=()
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" "$@" "${extra[@]}" >/dev/null
  awk '{printf "%.2f %.0f\n", $1, $2/1024}' "$work/time.txt"
}
accuracy() {
  "$cacc" "$1" 30000 < "$questions" | sed -n -E 's/^Total accuracy: *([0-9.]+).*/\1/p' | tail -1
}
median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}'; }

printf "corpus: %s (%s bytes), threads %s, -iter %s, %s pairs per mode, machine: %s\n" "$corpus" "$(stat -c %s "$corpus")" \
  "$threads" "$iter" "$rounds" "$(bench_machine)"
# Vocabulary only (-save-vocab, no -output): the files must be identical.
read -r vcw vcm < <(measure "$cw2v" - -train "$corpus" -min-count 5 -debug 0 -save-vocab "$work/c-vocab.txt")
read -r vow vom < <(measure "$ours" - -train "$corpus" -min-count 5 -debug 0 -save-vocab "$work/ours-vocab.txt")
same=$(cmp -s "$work/c-vocab.txt" "$work/ours-vocab.txt" && echo identical || echo DIFFERENT)
printf "vocabulary: C %s s %s MB, ours %s s %s MB, speedup %.2fx, vocab files %s\n" "$vcw" "$vcm" "$vow" "$vom" \
  "$(echo "$vcw / $vow" | bc -l)" "$same"

common="-train $corpus -size 100 -window 5 -sample 1e-4 -threads $threads -iter $iter -min-count 5 -binary 1 -debug 0"
printf "%-8s %5s | %9s %7s %7s | %9s %7s %7s | %8s %6s %7s\n" model pair "C wall s" "C MB" "C acc%" "ours s" "MB" "acc%" speedup mem "d acc"
summary=()
for m in "${modes[@]}"; do
  : > "$work/pairs.txt"
  for r in $(seq "$rounds"); do
    read -r cw cm < <(measure "$cw2v" "$work/c-$m.bin" $common ${combos[$m]})
    # shellcheck disable=SC2086 # EXTRA is a list of flags
    read -r ow om < <(measure "$ours" "$work/ours-$m.bin" $common ${combos[$m]} ${EXTRA:-})
    ca=$(accuracy "$work/c-$m.bin"); oa=$(accuracy "$work/ours-$m.bin")
    speed=$(echo "$cw / $ow" | bc -l); mem=$(echo "$om / $cm" | bc -l)
    printf "%-8s %5s | %9s %7s %7s | %9s %7s %7s | %7.2fx %5.2fx %+7.2f\n" "$m" "$r" "$cw" "$cm" "$ca" "$ow" "$om" "$oa" \
      "$speed" "$mem" "$(echo "$oa - $ca" | bc -l)"
    echo "$cw $cm $ca $ow $om $oa $speed $mem" >> "$work/pairs.txt"
    if [ -n "${BEFORE:-}" ]; then
      read -r bw bm < <(measure "$BEFORE" "$work/before-$m.bin" $common ${combos[$m]})
      ba=$(accuracy "$work/before-$m.bin")
      printf "%-8s %5s | %9s %7s %7s | %9s %7s %7s | %7.2fx %5.2fx %+7.2f  (BEFORE)\n" "$m" "$r" "" "" "" "$bw" "$bm" "$ba" \
        "$(echo "$cw / $bw" | bc -l)" "$(echo "$bm / $cm" | bc -l)" "$(echo "$ba - $ca" | bc -l)"
    fi
  done
  col() { awk -v c="$1" '{print $c}' "$work/pairs.txt" | median; }
  summary+=("$(printf "%-8s %5s | %9s %7s %7s | %9s %7s %7s | %7.2fx %5.2fx %+7.2f" "$m" median "$(col 1)" "$(col 2)" "$(col 3)" \
    "$(col 4)" "$(col 5)" "$(col 6)" "$(col 7)" "$(col 8)" "$(echo "$(col 6) - $(col 3)" | bc -l)")")
done
echo "medians (the speedup and memory columns are medians of the per-pair ratios):"
printf "%s\n" "${summary[@]}"
