"""gensim side of equal-time.sh (run with a Python that has gensim 4, e.g. Debian's /usr/bin/python3).

train CORPUS OUTPUT EPOCHS [THREADS] [lines|file]
                                      skip-gram with negative sampling as the C tool's -cbow 0 -hs 0 -negative 5
                                      -size 100 -window 5 -sample 1e-4 -min-count 5 -alpha 0.025; writes OUTPUT in the
                                      binary word2vec format; prints 'vocab_s X train_s Y'. lines (the default): the
                                      corpus through LineSentence (lines cut into sentences of 10,000 words);
                                      file: corpus_file mode, whose reader keeps only the first 10,000 words of a line,
                                      so CORPUS must have short lines (equal-time.sh writes a copy, 1,000 words a line)
convert TEXT BINARY                   a text word2vec file (fastText's .vec) to the binary format compute-accuracy reads
"""
import sys
import time

from gensim.models import KeyedVectors, Word2Vec
from gensim.models.word2vec import LineSentence


def train(corpus, output, epochs, threads, how):
    t = time.perf_counter()
    model = Word2Vec(vector_size=100, window=5, sample=1e-4, min_count=5, sg=1, hs=0, negative=5, alpha=0.025,
                     workers=threads)
    source = {"corpus_file": corpus} if how == "file" else {"corpus_iterable": LineSentence(corpus)}
    model.build_vocab(**source)
    v = time.perf_counter() - t
    t = time.perf_counter()
    model.train(**source, epochs=epochs, total_examples=model.corpus_count, total_words=model.corpus_total_words)
    model.wv.save_word2vec_format(output, binary=True)
    print("vocab_s %.3f train_s %.3f" % (v, time.perf_counter() - t))


def convert(text, binary):
    KeyedVectors.load_word2vec_format(text, binary=False, unicode_errors="replace").save_word2vec_format(binary, binary=True)


if __name__ == "__main__":
    if len(sys.argv) in (5, 6, 7) and sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 2,
              sys.argv[6] if len(sys.argv) > 6 else "lines")
    elif len(sys.argv) == 4 and sys.argv[1] == "convert":
        convert(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
