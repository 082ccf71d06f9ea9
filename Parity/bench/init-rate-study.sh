#!/usr/bin/env bash
# What the initial vector range and the final learning rate do to skip-gram's analogy accuracy: the C tool's
# defaults (vectors in +-0.5/size, the rate falling toward 0) against gensim's wider start (+-1/size, -init-range 1)
# and against higher final rates (-min-alpha), for our CLI (fast mode) and for the reference word2vec.c patched
# with the same three settings (Parity/reference/patched-c-tool.sh), each with several seeds.
#
#   Parity/bench/init-rate-study.sh [corpus.xz|corpus] [questions-words.txt]
#
# Defaults: ../shared/data/imdb-100M.xz and ../shared/data/questions-words.txt; work files go to .bench/init-rate/
# (WORK=dir elsewhere); BIN=/path/to/word2vec runs another build of ours.
# SEEDS (default "1 2 3": ours), C_SEEDS (default "1": the patched C tool, slower), THREADS (2), ITER (1) and EXTRA
# (more flags, e.g. "-size 200") change the runs; the other settings are Parity/bench/train-bench.sh's.
# Accuracy is the C compute-accuracy's (threshold 30000). Prints one line per run, then the mean per setting.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$root/.bench/init-rate}
# shellcheck source=common.sh
. "$root/Parity/bench/common.sh"
questions=${2:-$root/../shared/data/questions-words.txt}
seeds=${SEEDS:-1 2 3}
cseeds=${C_SEEDS:-1}
threads=${THREADS:-2}
iter=${ITER:-1}
bench_corpus "${1:-$root/../shared/data/imdb-100M.xz}"
bench_c_tool
bench_ours
patched=$("$root/Parity/reference/patched-c-tool.sh" | sed -n 's/^word2vec=//p')

common="-train $corpus -cbow 0 -hs 0 -negative 5 -size 100 -window 5 -sample 1e-4 -min-count 5 -iter $iter -threads $threads -binary 1 -debug 0 ${EXTRA:-}"
# name|flags: the C tool's defaults, gensim's start range, gensim's default final rate, and the final rate that
# gensim's corpus_file mode reaches on one epoch with 2 workers (each worker's progress counts only its own words
# against the whole corpus, so its rate stops at alpha - (alpha - min_alpha) / workers: 0.0125 for 2 workers).
settings=(
  "C defaults|"
  "init-range 1|-init-range 1"
  "min-alpha 0.0001|-min-alpha 0.0001"
  "min-alpha 0.0125|-min-alpha 0.0125"
  "init-range 1, min-alpha 0.0125|-init-range 1 -min-alpha 0.0125"
)

accuracy() { "$cacc" "$1" 30000 < "$questions" | sed -n -E 's/^Total accuracy: *([0-9.]+).*/\1/p' | tail -1; }

printf "corpus: %s (%s bytes), skip-gram + negative sampling, iter %s, threads %s, seeds %s (C: %s)\n" "$corpus" "$(stat -c %s "$corpus")" "$iter" "$threads" "$seeds" "$cseeds"
results=$work/results.txt
: > "$results"
for seed in $seeds; do
  for s in "${settings[@]}"; do
    name=${s%%|*} flags=${s#*|}
    for tool in ours C; do
      bin=$ours; [ $tool = C ] && bin=$patched
      [ $tool = C ] && ! [[ " $cseeds " == *" $seed "* ]] && continue
      out=$work/$tool.bin
      start=$(date +%s.%N)
      $bin $common -seed "$seed" $flags -output "$out" >/dev/null
      secs=$(echo "$(date +%s.%N) - $start" | bc -l)
      acc=$(accuracy "$out")
      printf "%s|%s|%s|%s|%.1f\n" "$name" "$tool" "$seed" "$acc" "$secs" | tee -a "$results"
    done
  done
done
echo
printf "%-32s | %12s | %12s\n" setting "ours acc %" "C acc %"
for s in "${settings[@]}"; do
  name=${s%%|*}
  o=$(awk -F'|' -v n="$name" '$1==n && $2=="ours" {s+=$4; c++} END {if (c) printf "%.2f", s/c}' "$results")
  c=$(awk -F'|' -v n="$name" '$1==n && $2=="C" {s+=$4; c++} END {if (c) printf "%.2f", s/c}' "$results")
  printf "%-32s | %12s | %12s\n" "$name" "$o" "$c"
done
