#!/usr/bin/env bash
# The reference C tool, fetched and built one way for the tests and the benchmarks. The npm package
# word2vec@1.1.5 ships the original sources (package/src/*.c); they are fetched with `npm pack` into the
# git-ignored .reference/ folder and each of the five programs is built there twice with gcc:
#   fast   the package makefile's flags (benchmarks)
#   exact  the same plus -ffp-contract=off, whose arithmetic the exact mode reproduces bit for bit
# Nothing is committed. Running it again rebuilds only when the sources, gcc or the flags changed; concurrent
# runs wait for one another (flock on .reference/.c-tool.lock).
#
#   Parity/reference/c-tool.sh [--source DIR]
#       fetch and build; prints three lines: source=DIR, fast=DIR, exact=DIR (the programs are DIR/word2vec,
#       DIR/word2phrase, DIR/distance, DIR/word-analogy, DIR/compute-accuracy)
#   Parity/reference/c-tool.sh [--source DIR] --compile FILE.c OUTPUT [GCC-FLAG...]
#       also compiles a C file of ours (a harness that #includes word2vec.c, say) with the exact flags and
#       -I on the sources, into OUTPUT
#
# --source DIR takes the sources from DIR (a folder holding word2vec.c and whichever companions it has) instead
# of npm, for machines without npm. Messages go to standard error; it exits non-zero with the reason when npm,
# gcc or the sources are missing.
set -euo pipefail

package=word2vec@1.1.5
programs=(word2vec word2phrase distance word-analogy compute-accuracy)
# CFLAGS of the package's makefile.
fast_flags=(-lm -pthread -O3 -march=native -Wall -funroll-loops -Wno-unused-result -fno-stack-protector)
exact_flags=("${fast_flags[@]}" -ffp-contract=off)

die() { echo "c-tool: $*" >&2; exit 1; }
# gcc with its messages shown only when it fails (the makefile's -Wall warns about the sources' unused variables).
cc() {
  local log
  if ! log=$(gcc "$@" 2>&1); then echo "$log" >&2; return 1; fi
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ref=$root/.reference
source_dir=""
compile=()
while [ $# -gt 0 ]; do
  case $1 in
    --source) [ $# -ge 2 ] || die "--source needs a folder"; source_dir=$2; shift 2 ;;
    --compile) [ $# -ge 3 ] || die "--compile needs FILE.c and OUTPUT"; shift; compile=("$@"); break ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

command -v gcc >/dev/null || die "gcc is required to build the reference C tool"
mkdir -p "$ref"
if command -v flock >/dev/null; then
  exec 9>"$ref/.c-tool.lock"
  flock -w 1800 9 || die "timed out waiting for another build of the C tool"
fi

# Sources: the given folder, or the npm package unpacked once into .reference/word2vec-1.1.5.
if [ -n "$source_dir" ]; then
  [ -f "$source_dir/word2vec.c" ] || die "$source_dir holds no word2vec.c"
  src=$(cd "$source_dir" && pwd)
else
  unpacked=$ref/word2vec-1.1.5
  src=$unpacked/package/src
  missing=0
  for p in "${programs[@]}"; do [ -f "$src/$p.c" ] || missing=1; done
  if [ "$missing" -eq 1 ]; then
    command -v npm >/dev/null || die "npm is required to fetch $package (or pass --source DIR)"
    echo "c-tool: fetching $package" >&2
    tmp=$(mktemp -d "$ref/fetch.XXXXXX")
    chmod "$(umask -S)" "$tmp"
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack "$package" --silent >/dev/null && tar xzf ./*.tgz) || die "npm pack $package failed"
    for p in "${programs[@]}"; do [ -f "$tmp/package/src/$p.c" ] || die "$package holds no src/$p.c"; done
    rm -rf "$unpacked"
    mv "$tmp" "$unpacked"
    trap - EXIT
  fi
fi

# Builds, redone when the stamp (sources, compiler, target, flags) differs from the last one; those of --source
# sources apart, so that they never replace the package's builds under a running test.
build=$ref/build
[ -n "$source_dir" ] && build=$ref/build-source
present=()
for p in "${programs[@]}"; do [ -f "$src/$p.c" ] && present+=("$p"); done
stamp=$( {
  printf '%s\n' "$src" "${fast_flags[*]}" "${exact_flags[*]}"
  gcc --version | head -1
  gcc -march=native -Q --help=target 2>/dev/null | grep -E '^ +-march=' || true
  for p in "${present[@]}"; do sha256sum "$src/$p.c"; done
} | sha256sum | cut -d' ' -f1)
if [ "$(cat "$build/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "c-tool: building ${present[*]} (fast and exact) into $build" >&2
  rm -rf "$build"
  mkdir -p "$build/fast" "$build/exact"
  for p in "${present[@]}"; do
    cc "$src/$p.c" -o "$build/fast/$p" "${fast_flags[@]}" || die "gcc failed on $p.c (fast)"
    cc "$src/$p.c" -o "$build/exact/$p" "${exact_flags[@]}" || die "gcc failed on $p.c (exact)"
  done
  echo "$stamp" > "$build/stamp"
fi

if [ ${#compile[@]} -gt 0 ]; then
  file=${compile[0]} out=${compile[1]}
  part=$out.$$.part
  cc "$file" -o "$part" -I"$src" "${exact_flags[@]}" "${compile[@]:2}" || { rm -f "$part"; die "gcc failed on $file"; }
  mv -f "$part" "$out"
fi

printf 'source=%s\nfast=%s\nexact=%s\n' "$src" "$build/fast" "$build/exact"
