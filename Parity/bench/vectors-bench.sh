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
  local ours gensim
  ours=$("${helper[@]}" run "$file" "$loads" "$queries")
  gensim=$("$py" "$root/Parity/bench/gensim_bench.py" "$file" "$loads" "$queries")
  echo "$name $ours $gensim" | awk '{
    printf "%-10s load: ours %7.3f s  gensim %7.3f s  (%.1fx faster)   most_similar median: ours %8.3f ms  gensim %8.3f ms  (%.2f of gensim)\n",
      $1, $3, $7, $7 / $3, $5, $9, $5 / $9 }'
}

echo "file       (medians; $(nproc) cores)"
run vec-48k-100 48000 100 5 200
run vec-1m-300 1000000 300 2 30
