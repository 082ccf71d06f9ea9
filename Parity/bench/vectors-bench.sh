#!/usr/bin/env bash
# Word vectors against gensim's KeyedVectors, side by side in one run, on generated files of random vectors:
#  1. load time and most-similar top-10 latency: a 48k x 100 and a 1M x 300 file;
#  2. memory: a fresh process opens the 1M x 300 file and answers one most-similar query; its peak resident memory
#     (and, at the end, its private and file-backed resident memory): ours with the streaming loader, the loader
#     keeping unit rows only (normalize: true) and memory-mapped, and gensim's load_word2vec_format;
#  3. opening a 3M x 300 file (3.6 GB): ours memory-mapped (the first open, which writes the index, then later
#     opens), our streaming loader, gensim's load_word2vec_format (binary), and gensim's own format memory-mapped
#     (KeyedVectors.save, then KeyedVectors.load(mmap='r')): open time, first query and peak resident memory; what
#     reading one byte of each page of the mapped file costs, once and again in the same process (the least a scan
#     through the mapping would cost, which is why our scans use positional reads instead); and the median most-similar latency after the first query, ours mapped and gensim's.
# Files go to the git-ignored .bench/ and are removed at the end (KEEP=1 keeps them). The files are read with a warm
# page cache (just written): open times are those of a file the system already holds in memory.
# PARTS="1 2 3" picks parts. BEFORE=/path/to/an/older/Word2VecNative.Bench.dll adds that build's loader to part 2 (a
# before/after comparison). Needs the .NET SDK, /usr/bin/time and a python3 with gensim; PYTHON overrides it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/.bench"
mkdir -p "$bench"
parts="${PARTS:-1 2 3}"
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for c in python3 /usr/bin/python3; do
    if "$c" -c 'import gensim' 2>/dev/null; then py="$c"; break; fi
  done
fi
[ -n "$py" ] || { echo "no python3 with gensim found (apt-get install python3-gensim)" >&2; exit 1; }

dotnet build -c Release -v q --nologo "$root/Parity/bench/Word2VecNative.Bench.csproj" >/dev/null
helper=(dotnet "$root/Parity/bench/bin/Release/net10.0/Word2VecNative.Bench.dll")
gensim=("$py" "$root/Parity/bench/gensim_bench.py")
generated=()
cleanup() { # removes what was generated so far (each part's files go once it is done: the page cache is not endless)
  [ "${KEEP:-0}" = 1 ] && return
  for f in "${generated[@]}"; do rm -rf "$f"; done
  generated=()
}
trap cleanup EXIT

make_file() { # name words size: sets $file, generating it the first time
  file="$bench/$1.bin"
  if [ ! -f "$file" ]; then
    "${helper[@]}" gen "$file" "$2" "$3"
    generated+=("$file")
  fi
  generated+=("$file.w2vindex")
}

echo "$(nproc) cores, load average $(cut -d" " -f1 /proc/loadavg), $(date -u +%F)"

compare() { # name words size loads queries
  local load sim gensim_out
  make_file "$1" "$2" "$3"
  # Ours: one fresh process, a cold load (JIT compilation and first touch of the memory included) then
  # warm ones. gensim: median of its loads in one process (numpy hands large arrays back to the system).
  load=$("${helper[@]}" load "$file" "$4")
  sim=$("${helper[@]}" run "$file" "$5")
  gensim_out=$("${gensim[@]}" bench "$file" "$4" "$5")
  echo "$1 $load $sim $gensim_out" | awk '{
    printf "%-11s load: ours cold %6.3f s, warm %6.3f s  gensim %6.3f s  (%.1fx / %.1fx faster)   most_similar median: ours %7.3f ms  gensim %7.3f ms  (%.2f of gensim)\n",
      $1, $3, $5, $9, $9 / $3, $9 / $5, $7, $11, $7 / $11 }'
}

measure() { # label command... -> one row: open s, first query s, peak MB, private MB, file-backed MB
  local out rss
  out=$(/usr/bin/time -f "rss_kb %M" -o "$bench/time.txt" "${@:2}")
  rss=$(cat "$bench/time.txt")
  echo "$out $rss" | awk -v label="$1" '{
    for (i = 1; i < NF; i += 2) v[$i] = $(i + 1)
    printf "  %-44s open %8.3f s   first query %7.3f s   peak RSS %6.0f MB   private %6s MB   file-backed %6s MB\n",
      label, v["open_s"], v["first_query_s"], v["rss_kb"] / 1024, ("anon_mb" in v) ? v["anon_mb"] : "-", ("file_mb" in v) ? v["file_mb"] : "-" }'
}

if [[ " $parts " == *" 1 "* ]]; then
  echo "1. load and most-similar (medians; most_similar after a warm-up, ours until the JIT has optimised the scan)"
  compare vec-48k-100 48000 100 5 200
  compare vec-1m-300 1000000 300 3 30
  [[ " $parts " == *" 2 "* ]] || cleanup
fi

if [[ " $parts " == *" 2 "* ]]; then
  echo "2. open + first most-similar query in a fresh process, 1M x 300 (1.2 GB of floats)"
  make_file vec-1m-300 1000000 300
  if [ -n "${BEFORE:-}" ]; then measure "before: loader (unit copy on first query)" dotnet "$BEFORE" first "$file"; fi
  measure "ours: streaming loader (rows + lengths)" "${helper[@]}" first "$file" loaded
  measure "ours: loader, normalize: true (unit rows)" "${helper[@]}" first "$file" normalized
  rm -f "$file.w2vindex"
  measure "ours: memory-mapped, first open (index)" "${helper[@]}" first "$file" mapped
  measure "ours: memory-mapped, later open" "${helper[@]}" first "$file" mapped
  measure "gensim: load_word2vec_format" "${gensim[@]}" first "$file"
  cleanup
fi

if [[ " $parts " == *" 3 "* ]]; then
  echo "3. opening 3M x 300 (3.6 GB)"
  make_file vec-3m-300 3000000 300
  native="$bench/vec-3m-300.kv"
  generated+=("$native" "$native.vectors.npy")
  rm -f "$file.w2vindex"
  measure "ours: memory-mapped, first open (index)" "${helper[@]}" first "$file" mapped
  for i in 1 2 3; do measure "ours: memory-mapped, later open $i" "${helper[@]}" first "$file" mapped; done
  echo "  through the mapping: reading one byte of each 4 KB page of the file: $("${helper[@]}" touch "$file" | awk '{ printf "first pass %s s, second pass %s s", $2, $4 }')"
  echo "  ours memory-mapped, after the first query: most_similar median of 5 $("${helper[@]}" run "$file" 5 mapped | cut -d" " -f2) ms"
  measure "ours: streaming loader" "${helper[@]}" first "$file" loaded
  measure "gensim: load_word2vec_format" "${gensim[@]}" first "$file"
  "${gensim[@]}" save "$file" "$native"
  for i in 1 2; do measure "gensim: native format, load(mmap='r') $i" "${gensim[@]}" first-mmap "$native"; done
  echo "  gensim mmap, after the first query: most_similar median of 5 $("${gensim[@]}" run-mmap "$native" 5 | cut -d" " -f2) ms"
fi
