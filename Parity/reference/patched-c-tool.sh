#!/usr/bin/env bash
# A copy of the reference word2vec.c with three of this tool's settings added, for side-by-side runs where the C
# tool cannot otherwise follow (the Parity tests and Parity/bench/init-rate-study.sh):
#   -seed <int>        InitNet's generator starts at <int>, thread id's at <int> - 1 + id (1: the C tool's)
#   -init-range <f>    initial vectors uniform in +-<f>/size: ((r / 65536) - 0.5) * (2 * <f>) / size (0.5: C's)
#   -min-alpha <f>     the rate falls linearly from alpha to <f>, never below it (gensim's min_alpha); absent: C's rule
# Without the new flags it trains as the original (the Parity tests check the bytes). The copy and its build go to
# the git-ignored .reference/patched/; only this script is committed. It is built with the exact flags of
# Parity/reference/c-tool.sh (-ffp-contract=off).
#
#   Parity/reference/patched-c-tool.sh      prints word2vec=PATH
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$("$root/Parity/reference/c-tool.sh" | sed -n 's/^source=//p')
[ -n "$src" ] || { echo "patched-c-tool: the reference C tool could not be fetched" >&2; exit 1; }
dir=$root/.reference/patched
mkdir -p "$dir"
copy=$dir/word2vec.c.$$.tmp
cp "$src/word2vec.c" "$copy"

# Each edit must apply exactly once, or the sources are not the ones this script knows.
edit() { # perl-substitution description
  local before after
  before=$(sha256sum "$copy")
  perl -0pi -e "$1" "$copy"
  after=$(sha256sum "$copy")
  [ "$before" != "$after" ] || { rm -f "$copy"; echo "patched-c-tool: cannot patch word2vec.c ($2)" >&2; exit 1; }
}
edit 's/(real alpha = 0\.025, starting_alpha, sample = 1e-3;\n)/$1unsigned long long seed = 1;\nreal init_range = 0.5, min_alpha = -1;\n/' "globals"
edit 's/(void InitNet\(\) \{\n  long long a, b;\n  unsigned long long next_random = )1;/${1}seed;/' "InitNet seed"
edit 's/\(\(\(next_random & 0xFFFF\) \/ \(real\)65536\) - 0\.5\) \/ layer1_size;/(((next_random & 0xFFFF) \/ (real)65536) - 0.5) * (2 * init_range) \/ layer1_size;/' "init range"
edit 's/unsigned long long next_random = \(long long\)id;/unsigned long long next_random = seed - 1 + (long long)id;/' "thread seed"
edit 's/(      alpha = starting_alpha \* \(1 - word_count_actual \/ \(real\)\(iter \* train_words \+ 1\)\);\n      if \(alpha < starting_alpha \* 0\.0001\) alpha = starting_alpha \* 0\.0001;\n)/      if (min_alpha >= 0) {\n        real p = word_count_actual \/ (real)(iter * train_words + 1);\n        if (p > 1) p = 1;\n        alpha = starting_alpha - (starting_alpha - min_alpha) * p;\n        if (alpha < min_alpha) alpha = min_alpha;\n      } else {\n  $1      }\n/' "min alpha"
edit 's/(  if \(\(i = ArgPos\(\(char \*\)"-alpha", argc, argv\)\) > 0\) alpha = atof\(argv\[i \+ 1\]\);\n)/$1  if ((i = ArgPos((char *)"-seed", argc, argv)) > 0) seed = strtoull(argv[i + 1], NULL, 10);\n  if ((i = ArgPos((char *)"-init-range", argc, argv)) > 0) init_range = atof(argv[i + 1]);\n  if ((i = ArgPos((char *)"-min-alpha", argc, argv)) > 0) min_alpha = atof(argv[i + 1]);\n/' "flags"

if ! cmp -s "$copy" "$dir/word2vec.c" || [ ! -x "$dir/word2vec" ]; then
  mv -f "$copy" "$dir/word2vec.c"
  "$root/Parity/reference/c-tool.sh" --compile "$dir/word2vec.c" "$dir/word2vec" >/dev/null
else
  rm -f "$copy"
fi
printf 'word2vec=%s\n' "$dir/word2vec"
