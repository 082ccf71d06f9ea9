# Shared lines of the benchmark scripts (sourced, not run): where the corpus, the C tool and our CLI are, and the
# four model combinations. A script sets `root` (the repository) before sourcing this file, then calls
#   bench_corpus CORPUS_IN   -> sets `corpus` (a .xz input is decompressed once into $work)
#   bench_c_tool             -> sets `cw2v` and `cacc` (the C tool built with its own makefile, Parity/reference/c-tool.sh)
#   bench_ours               -> sets `ours` (our CLI, Release build; BIN=/path/to/word2vec uses another build)
#   bench_machine            -> prints "CPU model, N cores"
# `work` is .bench/ under the repository unless WORK is set; `combos` and `order` are train-bench.sh's four modes.
# shellcheck shell=bash
work=${WORK:-$root/.bench}
mkdir -p "$work"

declare -A combos=(
  [sg+ns]="-cbow 0 -hs 0 -negative 5"
  [cbow+ns]="-cbow 1 -hs 0 -negative 5 -alpha 0.05"
  [sg+hs]="-cbow 0 -hs 1 -negative 0"
  [cbow+hs]="-cbow 1 -hs 1 -negative 0 -alpha 0.05"
)
# shellcheck disable=SC2034 # used by the scripts that source this file
order=(sg+ns cbow+ns sg+hs cbow+hs)

bench_corpus() {
  local in=$1
  corpus=$work/$(basename "${in%.xz}")
  if [ "$in" != "${in%.xz}" ]; then
    [ -f "$corpus" ] || xz -dc "$in" > "$corpus"
  else
    corpus=$in
  fi
}

bench_c_tool() {
  local fast
  fast=$("$root/Parity/reference/c-tool.sh" | sed -n 's/^fast=//p')
  [ -n "$fast" ] || { echo "$(basename "$0"): the reference C tool could not be built" >&2; exit 1; }
  cw2v=$fast/word2vec
  cacc=$fast/compute-accuracy
}

bench_ours() {
  if [ -n "${BIN:-}" ]; then ours=$BIN; return; fi
  dotnet build "$root/Cli" -c Release -v q -nologo >/dev/null
  ours=$root/Cli/bin/Release/net10.0/word2vec
}

bench_machine() {
  printf "%s, %s cores" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
}
