#!/usr/bin/env bash
# Prepares the one folder a GPU machine needs for Parity/bench/device-run.sh: a machine with only the NVIDIA driver
# (no .NET, no network, no xz, no npm). Run here, on a machine with the .NET SDK:
#
#   Parity/bench/device-prepare.sh [-d ../shared/data] [-o .device]
#
# It writes into the git-ignored folder OUT (default .device/ at the repository's root), under 60 MB in all:
#   word2vec             the CLI, self-contained, one file, trimmed, for linux-x64 (about 15 MB)
#   imdb-100M.gz         the benchmark corpus (DATA/imdb-100M.xz, or DATA/imdb-100M), recompressed as gzip: the
#                        device script decodes it once with gzip (every Linux has it), or our word2vec reads it as is
#   questions-words.txt  the analogy questions
# and prints the folder's size. Needs dotnet, xz (for an .xz corpus) and gzip.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA=$root/../shared/data
OUT=$root/.device
while getopts "d:o:h" opt; do
  case $opt in
    d) DATA=$OPTARG ;;
    o) OUT=$OPTARG ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
  esac
done
die() { echo "device-prepare: $*" >&2; exit 1; }
command -v dotnet >/dev/null || die "dotnet is not installed (the binary is published here, not on the device)"
command -v gzip >/dev/null || die "gzip is not installed"
[ -s "$DATA/questions-words.txt" ] || die "$DATA/questions-words.txt not found (use -d)"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

echo "== publishing word2vec (linux-x64, self-contained, single file, trimmed)"
dotnet publish "$root/Cli" -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -p:PublishTrimmed=true \
  -p:InvariantGlobalization=true -o "$OUT/publish" -nologo -v:q >/dev/null || die "dotnet publish failed"
mv -f "$OUT/publish/word2vec" "$OUT/word2vec"
rm -rf "$OUT/publish"
"$OUT/word2vec" --version >/dev/null || die "the published word2vec does not run"

echo "== corpus"
if [ -s "$OUT/imdb-100M.gz" ] && gzip -t "$OUT/imdb-100M.gz" 2>/dev/null; then
  echo "$OUT/imdb-100M.gz is there already"
elif [ -s "$DATA/imdb-100M.xz" ]; then
  command -v xz >/dev/null || die "xz is needed to read $DATA/imdb-100M.xz"
  { xz -dc "$DATA/imdb-100M.xz" | gzip -9 > "$OUT/imdb-100M.gz.part"; } || die "recompressing $DATA/imdb-100M.xz failed"
  mv "$OUT/imdb-100M.gz.part" "$OUT/imdb-100M.gz"
elif [ -s "$DATA/imdb-100M" ]; then
  gzip -9 -c "$DATA/imdb-100M" > "$OUT/imdb-100M.gz.part" || die "compressing $DATA/imdb-100M failed"
  mv "$OUT/imdb-100M.gz.part" "$OUT/imdb-100M.gz"
else
  die "no imdb-100M.xz or imdb-100M in $DATA (use -d)"
fi
install -m 644 "$DATA/questions-words.txt" "$OUT/questions-words.txt"

total=$(du -sm "$OUT" | cut -f1)
echo "== $OUT: ${total} MB"
ls -l "$OUT"
[ "$total" -le 60 ] || die "$OUT holds ${total} MB, more than the 60 MB a device call carries"
