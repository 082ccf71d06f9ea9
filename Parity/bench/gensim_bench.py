"""gensim side of vectors-bench.sh; each mode prints one line of figures, like the C# helper.

bench FILE LOADS QUERIES  load_word2vec_format (binary) LOADS times, then most_similar top 10:
                          'load_s X most_similar_ms Y' (medians)
first FILE                a fresh process's load_word2vec_format and first most_similar:
                          'open_s X first_query_s Y anon_mb A file_mb F' (resident memory at the end)
save FILE NATIVE          loads FILE and writes gensim's native format (KeyedVectors.save: NATIVE plus
                          NATIVE.vectors.npy beside it)
first-mmap NATIVE         KeyedVectors.load(NATIVE, mmap='r') and the first most_similar, as first
run-mmap NATIVE QUERIES   KeyedVectors.load(NATIVE, mmap='r'), one most_similar, then the median of QUERIES more:
                          'most_similar_ms Y'
"""
import statistics
import sys
import time

from gensim.models import KeyedVectors


def bench(path, loads, queries):
    times = []
    kv = None
    for _ in range(loads):
        kv = None
        t = time.perf_counter()
        kv = KeyedVectors.load_word2vec_format(path, binary=True)
        times.append(time.perf_counter() - t)
    n = len(kv.index_to_key)
    for i in range(20):  # warm-up; the first call computes the norms
        kv.most_similar(kv.index_to_key[1 + i % (n - 1)], topn=10)
    lat = []
    for q in range(queries):
        w = kv.index_to_key[(q * 7919 + 1) % n]
        t = time.perf_counter()
        kv.most_similar(w, topn=10)
        lat.append((time.perf_counter() - t) * 1000)
    print("load_s %.4f most_similar_ms %.4f" % (statistics.median(times), statistics.median(lat)))


def resident():
    """Resident memory now: private (anonymous) and file-backed, as the C# helper reports it."""
    kb = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("RssAnon:", "RssFile:")):
                kb[line[:7]] = int(line.split()[1])
    return "anon_mb %d file_mb %d" % (kb["RssAnon"] // 1024, kb["RssFile"] // 1024)


def first(open_kv):
    t = time.perf_counter()
    kv = open_kv()
    opened = time.perf_counter() - t
    t = time.perf_counter()
    kv.most_similar(kv.index_to_key[1], topn=10)
    print("open_s %.4f first_query_s %.4f %s" % (opened, time.perf_counter() - t, resident()))


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "bench":
        bench(args[0], int(args[1]), int(args[2]))
    elif mode == "first":
        first(lambda: KeyedVectors.load_word2vec_format(args[0], binary=True))
    elif mode == "save":
        KeyedVectors.load_word2vec_format(args[0], binary=True).save(args[1])
    elif mode == "first-mmap":
        first(lambda: KeyedVectors.load(args[0], mmap="r"))
    elif mode == "run-mmap":
        kv = KeyedVectors.load(args[0], mmap="r")
        n = len(kv.index_to_key)
        kv.most_similar(kv.index_to_key[1], topn=10)
        lat = []
        for q in range(int(args[1])):
            t = time.perf_counter()
            kv.most_similar(kv.index_to_key[(q * 7919 + 1) % n], topn=10)
            lat.append((time.perf_counter() - t) * 1000)
        print("most_similar_ms %.4f" % statistics.median(lat))
    else:
        sys.exit("usage: gensim_bench.py bench FILE LOADS QUERIES | first FILE | save FILE NATIVE | first-mmap NATIVE | run-mmap NATIVE QUERIES")


if __name__ == "__main__":
    main()
