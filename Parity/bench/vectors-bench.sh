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

run() { # name words size loads queries
  local name=$1 words=$2 size=$3 loads=$4 queries=$5 file="$bench/$1.bin"
  [ -f "$file" ] || "${helper[@]}" gen "$file" "$words" "$size"
  local load sim gensim
  # Ours: one fresh process, a cold load (JIT compilation and first touch of the memory included) then
  # warm ones. gensim: median of its loads in one process (numpy hands large arrays back to the system).
  load=$("${helper[@]}" load "$file" "$loads")
  sim=$("${helper[@]}" run "$file" "$queries")
  gensim=$("$py" "$root/Parity/bench/gensim_bench.py" "$file" "$loads" "$queries")
  echo "$name $load $sim $gensim" | awk '{
    printf "%-11s load: ours cold %6.3f s, warm %6.3f s  gensim %6.3f s  (%.1fx / %.1fx faster)   most_similar median: ours %7.3f ms  gensim %7.3f ms  (%.2f of gensim)\n",
      $1, $3, $5, $9, $9 / $3, $9 / $5, $7, $11, $7 / $11 }'
}

echo "medians, $(nproc) cores, load average $(cut -d" " -f1 /proc/loadavg); most_similar after a warm-up (ours: until the JIT has optimised the scan)"
run vec-48k-100 48000 100 5 200
run vec-1m-300 1000000 300 3 30
