#!/usr/bin/env bash
# Loading binary word vectors and most-similar top-10 latency: WordVectors vs gensim's KeyedVectors, side by side.
# Files go to the git-ignored .bench/ folder: a 48k x 100 and a 1M x 300 file of random vectors (generated once).
# Needs the .NET SDK and a python3 with gensim (Debian: python3-gensim); PYTHON overrides the interpreter.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/.bench"
mkdir -p "$bench"
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for c in python3 /usr/bin/python3; do
    if "$c" -c 'import gensim' 2>/dev/null; then py="$c"; break; fi
  done
fi
[ -n "$py" ] || { echo "no python3 with gensim found (apt-get install python3-gensim)" >&2; exit 1; }

dotnet build -c Release -v q --nologo "$root/Parity/bench/Word2VecNative.Bench.csproj" >/dev/null
helper=(dotnet "$root/Parity/bench/bin/Release/net10.0/Word2VecNative.Bench.dll")

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run() { # name words size loads queries
  local name=$1 words=$2 size=$3 loads=$4 queries=$5 file="$bench/$1.bin"
  [ -f "$file" ] || "${helper[@]}" gen "$file" "$words" "$size"
  local load sim gensim
  # Each of our loads in a fresh process (JIT and first touch of the memory included); gensim's in one
  # process (numpy hands large arrays back to the system, so each of its loads starts afresh too).
  load=$(for _ in $(seq "$loads"); do "${helper[@]}" load "$file" | awk '{ print $2 }'; done | median)
  sim=$("${helper[@]}" run "$file" "$queries" | awk '{ print $2 }')
  gensim=$("$py" "$root/Parity/bench/gensim_bench.py" "$file" "$loads" "$queries")
  echo "$name $load $sim $gensim" | awk '{
    printf "%-11s load: ours %7.3f s  gensim %7.3f s  (%.1fx faster)   most_similar median: ours %8.3f ms  gensim %8.3f ms  (%.2f of gensim)\n",
      $1, $2, $5, $5 / $2, $3, $7, $3 / $7 }'
}

echo "medians, $(nproc) cores; most_similar after a warm-up (ours: until the JIT has optimised the scan)"
run vec-48k-100 48000 100 5 200
run vec-1m-300 1000000 300 3 30
