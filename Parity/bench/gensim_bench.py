"""gensim side of vectors-bench.sh: prints 'load_s X most_similar_ms Y' (medians), like the C# helper."""
import statistics
import sys
import time

from gensim.models import KeyedVectors


def main():
    path, loads, queries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
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


if __name__ == "__main__":
    main()
