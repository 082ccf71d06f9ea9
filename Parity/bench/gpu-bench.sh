#!/usr/bin/env bash
# GPU benchmark: words/sec and analogy accuracy on imdb-100M for skip-gram and CBOW with negative sampling at
# -size 100 and 300, trained by the CUDA and OpenCL backends, by our CPU engine and by the original C tool, all on
# one machine. Needs only the published single-file `word2vec` binary, gcc and the data; the C tool is built by
# Parity/reference/c-tool.sh (beside this script in the repository) when its sources can be had (C_SRC=folder
# holding word2vec.c, or npm to fetch word2vec@1.1.5), else skipped.
#
#   Parity/bench/gpu-bench.sh [-w ./word2vec] [-d ../shared/data] [-o ./gpu-bench-out] [-t 16] [-i 3]
#
# Environment: DEVICE (device index for both backends, default 0), ENGINES (default "c cpu cuda opencl"),
# MODELS (default "sg cbow"), SIZES (default "100 300").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

W2V=./word2vec
DATA=../shared/data
OUT=./gpu-bench-out
THREADS=16
ITER=3
while getopts "w:d:o:t:i:h" opt; do
  case $opt in
    w) W2V=$OPTARG ;;
    d) DATA=$OPTARG ;;
    o) OUT=$OPTARG ;;
    t) THREADS=$OPTARG ;;
    i) ITER=$OPTARG ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
DEVICE=${DEVICE:-0}
ENGINES=${ENGINES:-"c cpu cuda opencl"}
MODELS=${MODELS:-"sg cbow"}
SIZES=${SIZES:-"100 300"}
COMMON="-window 5 -negative 5 -hs 0 -sample 1e-4 -min-count 5 -iter $ITER -binary 1"

die() { echo "gpu-bench: $*" >&2; exit 1; }
[ -x "$W2V" ] || die "the word2vec binary $W2V is missing or not executable (use -w)"
command -v gcc >/dev/null || die "gcc is required"
mkdir -p "$OUT"
W2V=$(cd "$(dirname "$W2V")" && pwd)/$(basename "$W2V")
[ -d "$DATA" ] || die "data folder $DATA not found (use -d)"
DATA=$(cd "$DATA" && pwd)
if [ -n "${C_SRC:-}" ] && [ -d "$C_SRC" ]; then C_SRC=$(cd "$C_SRC" && pwd); fi
cd "$OUT"

# Data
if [ ! -s imdb-100M.txt ]; then
  if [ -s "$DATA/imdb-100M" ]; then cp "$DATA/imdb-100M" imdb-100M.txt
  elif [ -s "$DATA/imdb-100M.xz" ]; then xz -dc "$DATA/imdb-100M.xz" > imdb-100M.txt.part && mv imdb-100M.txt.part imdb-100M.txt
  else die "$DATA/imdb-100M.xz not found (use -d)"; fi
fi
[ -s "$DATA/questions-words.txt" ] || die "$DATA/questions-words.txt not found"
cp "$DATA/questions-words.txt" questions-words.txt

# Analogy evaluator: top-1 3CosAdd over the 30000 most frequent words, as compute-accuracy counts it
cat > accuracy.c <<'CEOF'
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define MAXW 50
static int find(char (*vocab)[MAXW], long n, const char *w) {
  for (long i = 0; i < n; i++) if (!strcmp(vocab[i], w)) return (int)i;
  return -1;
}
int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: accuracy VECTORS.bin QUESTIONS [restrict]\n"); return 2; }
  long restrict_n = argc > 3 ? atol(argv[3]) : 30000, words, size;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", argv[1]); return 1; }
  if (fscanf(f, "%ld %ld", &words, &size) != 2) return 1;
  if (words > restrict_n) words = restrict_n;
  char (*vocab)[MAXW] = calloc(words, MAXW);
  float *m = malloc(sizeof(float) * words * size);
  for (long b = 0; b < words; b++) {
    int a = 0, c;
    while ((c = fgetc(f)) != EOF && c != ' ') { if (c != '\n' && a < MAXW - 1) vocab[b][a++] = (char)toupper(c); }
    if (fread(m + b * size, sizeof(float), size, f) != (size_t)size) return 1;
    double len = 0;
    for (long k = 0; k < size; k++) len += m[b * size + k] * m[b * size + k];
    len = sqrt(len);
    if (len > 0) for (long k = 0; k < size; k++) m[b * size + k] /= len;
  }
  fclose(f);
  FILE *q = fopen(argv[2], "r");
  char line[1024], w[4][MAXW];
  long asked = 0, correct = 0, total = 0;
  int (*qs)[4] = malloc(sizeof(int[4]) * 40000);
  while (fgets(line, sizeof line, q)) {
    if (line[0] == ':') continue;
    if (sscanf(line, "%49s %49s %49s %49s", w[0], w[1], w[2], w[3]) != 4) continue;
    total++;
    int id[4], ok = 1;
    for (int i = 0; i < 4; i++) {
      for (char *p = w[i]; *p; p++) *p = (char)toupper(*p);
      id[i] = find(vocab, words, w[i]);
      if (id[i] < 0) ok = 0;
    }
    if (ok && asked < 40000) { memcpy(qs[asked], id, sizeof id); asked++; }
  }
  fclose(q);
  #pragma omp parallel for reduction(+:correct) schedule(dynamic, 16)
  for (long i = 0; i < asked; i++) {
    float *v = malloc(sizeof(float) * size);
    int a = qs[i][0], b = qs[i][1], c = qs[i][2], d = qs[i][3], best = -1;
    for (long k = 0; k < size; k++) v[k] = m[b * size + k] - m[a * size + k] + m[c * size + k];
    float bs = -1e30f;
    for (long x = 0; x < words; x++) {
      if (x == a || x == b || x == c) continue;
      float s = 0;
      for (long k = 0; k < size; k++) s += v[k] * m[x * size + k];
      if (s > bs) { bs = s; best = (int)x; }
    }
    if (best == d) correct++;
    free(v);
  }
  printf("%.2f %ld %ld %ld\n", asked ? 100.0 * correct / asked : 0.0, correct, asked, total);
  return 0;
}
CEOF
gcc -O3 -march=native -fopenmp accuracy.c -o accuracy -lm

# The C tool, with the package makefile's flags (c-tool.sh's fast build)
CW2V=""
if [[ " $ENGINES " == *" c "* ]]; then
  ctool=("$here/../reference/c-tool.sh")
  [ -n "${C_SRC:-}" ] && ctool+=(--source "$C_SRC")
  if cfast=$("${ctool[@]}" | sed -n 's/^fast=//p') && [ -x "$cfast/word2vec" ]; then
    CW2V=$cfast/word2vec
  else
    echo "gpu-bench: the C tool is unavailable (set C_SRC to a folder holding its sources, or install npm); skipping it" >&2
  fi
fi

echo "== devices"; "$W2V" devices | tee devices.txt
echo "== vocabulary"
"$W2V" -train imdb-100M.txt -min-count 5 -save-vocab vocab.txt -debug 1 | tee vocab.log
TRAIN_WORDS=$(sed -n 's/^Words in train file: //p' vocab.log | tail -1)
[ -n "$TRAIN_WORDS" ] || die "could not read the number of training words"

now() { date +%s.%N; }
printf "engine\tmodel\tsize\tseconds\twords_per_sec\taccuracy\tcorrect\tasked\n" > results.tsv
for model in $MODELS; do
  cbow=0; [ "$model" = cbow ] && cbow=1
  for size in $SIZES; do
    for engine in $ENGINES; do
      out=vectors-$engine-$model-$size.bin
      case $engine in
        c) [ -n "$CW2V" ] || continue; cmd=("$CW2V" -threads "$THREADS") ;;
        cpu) cmd=("$W2V" -backend cpu -threads "$THREADS") ;;
        cuda|opencl)
          if ! "$W2V" devices | sed -n "/^$engine:/,/^[a-z]*:/p" | grep -q "^  $DEVICE:"; then
            echo "gpu-bench: no $engine device $DEVICE; skipping" >&2; continue
          fi
          cmd=("$W2V" -backend "$engine" -device "$DEVICE") ;;
        *) die "unknown engine $engine" ;;
      esac
      echo "== $engine $model size $size"
      t0=$(now)
      if ! "${cmd[@]}" -train imdb-100M.txt -read-vocab vocab.txt -output "$out" -cbow $cbow -size "$size" $COMMON -debug 1 > "run-$engine-$model-$size.log" 2>&1; then
        echo "gpu-bench: $engine $model $size failed:" >&2; tail -3 "run-$engine-$model-$size.log" >&2; continue
      fi
      t1=$(now)
      secs=$(echo "$t1 - $t0" | bc -l)
      wps=$(echo "$TRAIN_WORDS * $ITER / $secs" | bc -l)
      read -r acc correct asked _ < <(./accuracy "$out" questions-words.txt 30000)
      printf "%s\t%s\t%s\t%.1f\t%.0f\t%s\t%s\t%s\n" "$engine" "$model" "$size" "$secs" "$wps" "$acc" "$correct" "$asked" | tee -a results.tsv
    done
  done
done
echo "== results ($OUT/results.tsv; words/sec = iter x train words / wall seconds, vocabulary read from vocab.txt)"
column -t -s $'\t' results.tsv
