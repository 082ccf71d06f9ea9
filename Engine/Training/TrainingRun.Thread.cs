using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Word2VecNative.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

internal sealed unsafe partial class TrainingRun
{
    /// <summary>Port of word2vec.c's TrainModelThread, generic over the vector kernel.</summary>
    [SkipLocalsInit]
    private void TrainThread<TKernel>(int id) where TKernel : struct, IKernel
    {
        int size = _size;
        int window = _o.Window;
        int negative = _o.Negative;
        bool hs = _o.HierarchicalSoftmax;
        bool cbow = _o.Cbow;
        int threads = _o.Threads;
        long iter = _o.Iterations;
        long trainWords = _trainWords;
        float sample = _o.Sample;
        float startingAlpha = _startingAlpha;
        long vocabSizeMinus1 = _vocabSize - 1;
        float* syn0 = _syn0, syn1 = _syn1, syn1neg = _syn1neg;
        float[] expTable = SigmoidTable.Array;
        float[] keep = _keep;
        byte[] codes = _tree.FlatCodes;
        int[] points = _tree.FlatPoints;
        byte[] codeLengths = _tree.FlatCodeLengths;
        UnigramTable? table = _table;
        var vocab = _vocab;

        float* neu1 = (float*)NativeMemory.AlignedAlloc((nuint)(size * sizeof(float)), 64);
        float* neu1e = (float*)NativeMemory.AlignedAlloc((nuint)(size * sizeof(float)), 64);
        int* sen = stackalloc int[MaxSentenceLength + 1];
        long wordCount = 0, lastWordCount = 0;
        int sentenceLength = 0, sentencePosition = 0;
        long localIter = iter;
        var rnd = new CRandom((ulong)id);
        float alpha = Volatile.Read(ref _alpha);
        long start = _fileSize / threads * id;
        long wordsPerThread = trainWords / threads;
        float totalWords = (float)(iter * trainWords + 1);
        // Fast mode with several threads: the inner nodes nearest the root sit on almost every Huffman path, so
        // every thread writes their rows all the time and the cache lines bounce between cores. Each thread keeps
        // its own copy of those rows and adds its changes to the shared ones every few words (Hogwild with a
        // short delay on a few rows). One thread, or exact mode, updates the shared rows directly.
        var hot = hs && threads > 1 && _o.Kernel == KernelKind.Fast ? new HotRows(syn1, _vocabSize - 1, size) : null;
        float* hotRows = hot != null ? hot.Local : null;
        int hotStart = hot != null ? hot.Start : int.MaxValue;
        using var reader = new WordReader(Trainer.OpenCorpus(_path));
        reader.Seek(start);
        try
        {
            while (true)
            {
                if (wordCount - lastWordCount > 10000)
                {
                    long actual = Interlocked.Add(ref _wordCountActual, wordCount - lastWordCount);
                    lastWordCount = wordCount;
                    alpha = startingAlpha * (1 - actual / totalWords);
                    if (alpha < startingAlpha * 0.0001) alpha = (float)(startingAlpha * 0.0001);
                    Volatile.Write(ref _alpha, alpha);
                    if (_cancel) return;
                }
                if (sentenceLength == 0)
                {
                    while (reader.ReadWord(out var w))
                    {
                        int word = vocab.Search(w);
                        if (word == -1) continue;
                        wordCount++;
                        if (word == 0) break;
                        if (sample > 0)
                        {
                            float ran = keep[word];
                            ulong r = rnd.Next();
                            if (ran < (r & 0xFFFF) / (float)65536) continue;
                        }
                        sen[sentenceLength++] = word;
                        if (sentenceLength >= MaxSentenceLength) break;
                    }
                    sentencePosition = 0;
                }
                if (reader.EndOfFile || wordCount > wordsPerThread)
                {
                    Interlocked.Add(ref _wordCountActual, wordCount - lastWordCount);
                    localIter--;
                    hot?.Flush();
                    if (localIter == 0) break;
                    wordCount = 0;
                    lastWordCount = 0;
                    sentenceLength = 0;
                    reader.Seek(start);
                    continue;
                }
                {
                    int word = sen[sentencePosition];
                    if (cbow) new Span<float>(neu1, size).Clear(); // skip-gram never reads neu1
                    new Span<float>(neu1e, size).Clear();
                    int b = (int)(rnd.Next() % (ulong)window);
                    int aEnd = window * 2 + 1 - b;
                    if (cbow)
                    {
                        long cw = 0;
                        for (int a = b; a < aEnd; a++)
                        {
                            if (a == window) continue;
                            int c = sentencePosition - window + a;
                            if (c < 0 || c >= sentenceLength) continue;
                            TKernel.Add(neu1, syn0 + (long)sen[c] * size, size);
                            cw++;
                        }
                        if (cw != 0)
                        {
                            float fcw = cw;
                            for (int c = 0; c < size; c++) neu1[c] /= fcw;
                            if (hs) HierarchicalSoftmax<TKernel>(word, neu1, neu1e, syn1, hotRows, hotStart, codes, points, codeLengths[word], expTable, alpha, size);
                            if (negative > 0) NegativeSampling<TKernel>(word, neu1, neu1e, syn1neg, table!, negative, vocabSizeMinus1, ref rnd, expTable, alpha, size);
                            for (int a = b; a < aEnd; a++)
                            {
                                if (a == window) continue;
                                int c = sentencePosition - window + a;
                                if (c < 0 || c >= sentenceLength) continue;
                                TKernel.Add(syn0 + (long)sen[c] * size, neu1e, size);
                            }
                        }
                    }
                    else
                    {
                        for (int a = b; a < aEnd; a++)
                        {
                            if (a == window) continue;
                            int c = sentencePosition - window + a;
                            if (c < 0 || c >= sentenceLength) continue;
                            float* l1 = syn0 + (long)sen[c] * size;
                            new Span<float>(neu1e, size).Clear();
                            if (hs) HierarchicalSoftmax<TKernel>(word, l1, neu1e, syn1, hotRows, hotStart, codes, points, codeLengths[word], expTable, alpha, size);
                            if (negative > 0) NegativeSampling<TKernel>(word, l1, neu1e, syn1neg, table!, negative, vocabSizeMinus1, ref rnd, expTable, alpha, size);
                            TKernel.Add(l1, neu1e, size);
                        }
                    }
                }
                sentencePosition++;
                if (hot != null && (sentencePosition & (HotRows.FlushEvery - 1)) == 0) hot.Flush();
                if (sentencePosition >= sentenceLength) sentenceLength = 0;
            }
        }
        finally
        {
            NativeMemory.AlignedFree(neu1);
            NativeMemory.AlignedFree(neu1e);
            hot?.Dispose();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HierarchicalSoftmax<TKernel>(int word, float* hidden, float* neu1e, float* syn1, float* hotRows, int hotStart, byte[] codes, int[] points,
        int codeLength, float[] expTable, float alpha, int size) where TKernel : struct, IKernel
    {
        int baseIdx = word * HuffmanTree.MaxCodeLength;
        for (int d = 0; d < codeLength; d++)
        {
            int p = points[baseIdx + d];
            float* l2 = p >= hotStart ? hotRows + (long)(p - hotStart) * size : syn1 + (long)p * size;
            float f = TKernel.Dot(hidden, l2, size);
            if (f <= -SigmoidTable.MaxExp) continue;
            if (f >= SigmoidTable.MaxExp) continue;
            f = expTable[(int)((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)];
            float g = (1 - codes[baseIdx + d] - f) * alpha;
            TKernel.Backprop(g, neu1e, l2, hidden, size);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NegativeSampling<TKernel>(int word, float* hidden, float* neu1e, float* syn1neg, UnigramTable table, int negative,
        long vocabSizeMinus1, ref CRandom rnd, float[] expTable, float alpha, int size) where TKernel : struct, IKernel
    {
        for (int d = 0; d < negative + 1; d++)
        {
            long target;
            int label;
            if (d == 0)
            {
                target = word;
                label = 1;
            }
            else
            {
                ulong r = rnd.Next();
                target = table.Draw(r);
                if (target == 0) target = (long)(r % (ulong)vocabSizeMinus1) + 1;
                if (target == word) continue;
                label = 0;
            }
            float* l2 = syn1neg + target * size;
            float f = TKernel.Dot(hidden, l2, size);
            float g;
            if (f > SigmoidTable.MaxExp) g = (label - 1) * alpha;
            else if (f < -SigmoidTable.MaxExp) g = (label - 0) * alpha;
            else g = (label - expTable[(int)((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)]) * alpha;
            TKernel.Backprop(g, neu1e, l2, hidden, size);
        }
    }
}
