using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// One training thread's state, as word2vec.c's TrainModelThread keeps it: the hidden layer (<c>neu1</c>), its error
/// (<c>neu1e</c>), the thread's generator, its sentence buffer, and in fast mode with several threads a private
/// copy of the busiest hierarchical-softmax rows. <see cref="TrainSentence{TMath}"/> is the training step, the
/// only copy of it: skip-gram or CBOW over a sentence, each word's context trained with hierarchical softmax
/// and/or negative sampling, updates written into the shared matrices without locks.
/// </summary>
internal sealed unsafe class TrainingWorker : StepWorker
{
    /// <summary>Most negatives drawn ahead for one word (<c>2 * window * negative</c>); beyond it they are drawn in turn.</summary>
    private const int MaxDrawnAhead = 4096;

    private readonly float* _neu1, _neu1e, _dots;
    private readonly long* _negatives;
    private readonly int _negativesCapacity;
    private readonly bool _drawAhead;
    private readonly float** _rows, _pathRows;
    private readonly float* _pathLabels;
    private int _pathWord = -1;
    private readonly float* _labels;

    /// <param name="weights">The shared matrices.</param>
    /// <param name="setup">Options and tables of the run.</param>
    /// <param name="seed">The generator's first state (C seeds thread <c>id</c> with <c>id</c>).</param>
    /// <param name="privateHotRows">Keep a private copy of the inner nodes nearest the Huffman root (see <see cref="HotRows"/>).</param>
    public TrainingWorker(ModelWeights weights, TrainingSetup setup, ulong seed, bool privateHotRows)
        : base(weights, setup, seed, privateHotRows)
    {
        var o = setup.Options;
        nuint bytes = (nuint)(_size * sizeof(float));
        _neu1 = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        _neu1e = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        _dots = (float*)NativeMemory.AlignedAlloc(HuffmanTree.MaxCodeLength * sizeof(float), 64);
        int rowList = Math.Max(HuffmanTree.MaxCodeLength, o.Negative + 1);
        _rows = (float**)NativeMemory.Alloc((nuint)rowList, (nuint)sizeof(float*));
        _labels = (float*)NativeMemory.Alloc((nuint)rowList, sizeof(float));
        _pathRows = (float**)NativeMemory.Alloc(HuffmanTree.MaxCodeLength, (nuint)sizeof(float*));
        _pathLabels = (float*)NativeMemory.Alloc(HuffmanTree.MaxCodeLength, sizeof(float));
        // Two words' negatives, drawn a word ahead (see TrainSentence); a wider window or more negatives draw in turn.
        long perWord = (long)o.Window * 2 * Math.Max(o.Negative, 1);
        _drawAhead = perWord <= MaxDrawnAhead;
        _negativesCapacity = _drawAhead ? (int)perWord : 0;
        _negatives = (long*)NativeMemory.Alloc((nuint)Math.Max(2 * _negativesCapacity, 1), sizeof(long));
    }

    /// <summary>
    /// Trains every position of <paramref name="sentence"/> as C's loop does: a window shrink <c>b</c> drawn per word,
    /// then for CBOW the mean of the context's input vectors as hidden layer, for skip-gram each context word's
    /// input vector in turn; the outputs are trained with the rate <paramref name="alpha"/> and the error is added
    /// back into the context's input vectors. The first word uses <paramref name="firstWordAlpha"/>: C trains a
    /// sentence's first word before its loop notices the words the sentence read and updates the rate. An empty
    /// sentence trains nothing but still draws its window shrink, as C does for the stale position it visits.
    /// With <typeparamref name="TLoss"/> <see cref="LossOn"/> the loss of every pair trained is added to <see cref="StepWorker.Loss"/>.
    /// </summary>
    // Optimised from the first call: a sentence is up to a thousand words, so the tiers before full optimisation
    // would train thousands of words slowly. Never inlined: compiled on its own, it inlines its whole step (the
    // vector helpers included); inlined into a caller's loop, the inliner's budget ran out before the helpers.
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public void TrainSentence<TMath, TLoss, TWidth>(ReadOnlySpan<int> sentence, float alpha, float firstWordAlpha)
        where TMath : struct, IVectorMath where TLoss : struct, ILossMode where TWidth : struct, IRowWidth
    {
        if (sentence.IsEmpty)
        {
            Random.Next();
            return;
        }
        int length = sentence.Length;
        fixed (int* sen = sentence)
        {
            // A word's draws (its window shrink, then its negatives) are made one word ahead, in the order C makes them,
            // so that the rows of the next word are on their way from memory while this one trains.
            var plan = _drawAhead ? Plan(sen, length, 0, 0) : default;
            for (int pos = 0; pos < length; pos++)
            {
                WordPlan next = default;
                if (pos + 1 < length)
                {
                    if (_drawAhead) next = Plan(sen, length, pos + 1, (pos + 1) & 1);
                    else PrefetchRows(sen, length, pos + 1);
                }
                if (!_drawAhead) plan = new WordPlan(DrawShrink(), null);
                TrainWord<TMath, TLoss, TWidth>(sen, length, pos, pos == 0 ? firstWordAlpha : alpha, plan);
                plan = next;
                if (_hot != null && ((pos + 1) & (HotRows.FlushEvery - 1)) == 0) _hot.Flush();
            }
        }
    }

    /// <summary>The step without the loss (see <see cref="TrainSentence{TMath, TLoss, TWidth}"/>).</summary>
    public void TrainSentence<TMath>(ReadOnlySpan<int> sentence, float alpha, float firstWordAlpha) where TMath : struct, IVectorMath =>
        TrainSentence<TMath, LossOff, AnyWidth>(sentence, alpha, firstWordAlpha);

    /// <summary>Trains position <paramref name="pos"/> of <paramref name="sentence"/> alone, as one turn of
    /// <see cref="TrainSentence{TMath, TLoss, TWidth}"/>'s loop does (for stepping many sentences in turn, as a GPU does).</summary>
    public void TrainPosition<TMath>(ReadOnlySpan<int> sentence, int pos, float alpha) where TMath : struct, IVectorMath
    {
        fixed (int* sen = sentence) TrainWord<TMath, LossOff, AnyWidth>(sen, sentence.Length, pos, alpha, new WordPlan(DrawShrink(), null));
    }


    /// <summary>A word's draws: C's window shrink <c>b</c> and, when drawn ahead, its negatives (the pairs' in turn).</summary>
    private readonly struct WordPlan(int shrink, long* negatives)
    {
        public readonly int Shrink = shrink;
        public readonly long* Negatives = negatives;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int DrawShrink() => (int)(Random.Next() % (ulong)_window);

    /// <summary>Context words of the word at <paramref name="pos"/> with window shrink <paramref name="b"/>: the
    /// positions within <c>window - b</c> of it, inside the sentence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Contexts(int length, int pos, int b) => Math.Min(pos + _window - b, length - 1) - Math.Max(pos - _window + b, 0);

    /// <summary>Makes the draws of the word at <paramref name="pos"/> as C makes them when it trains the word (the window
    /// shrink, then <c>negative</c> draws for each pair: one pair in CBOW, one per context word in skip-gram, none
    /// without a context), into buffer <paramref name="slot"/>, and asks the cache for every row the word will use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private WordPlan Plan(int* sen, int length, int pos, int slot)
    {
        int b = DrawShrink();
        long* negatives = null;
        if (_negative > 0)
        {
            int contexts = Contexts(length, pos, b);
            int count = _cbow ? (contexts > 0 ? _negative : 0) : contexts * _negative;
            negatives = _negatives + slot * _negativesCapacity;
            var table = _table!;
            for (int i = 0; i < count; i++)
            {
                ulong r = Random.Next();
                long target = table.Draw(r);
                if (target == 0) target = (long)(r % (ulong)_vocabSizeMinus1) + 1;
                negatives[i] = target;
                Prefetch.Row(_syn1neg + target * _size, _size);
            }
        }
        PrefetchRows(sen, length, pos);
        return new WordPlan(b, negatives);
    }

    /// <summary>Asks the cache for the rows the word at <paramref name="pos"/> will train apart from its negatives: the
    /// context row that enters the window, its own output row and its Huffman path (below the thread's private rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchRows(int* sen, int length, int pos)
    {
        int size = _size;
        int entering = pos + _window;
        if (entering < length) Prefetch.Row(_syn0 + (long)sen[entering] * size, size);
        int word = sen[pos];
        if (_negative > 0) Prefetch.Row(_syn1neg + (long)word * size, size);
        if (_hs)
        {
            int baseIdx = word * HuffmanTree.MaxCodeLength;
            int codeLength = _codeLengths[word];
            for (int d = 0; d < codeLength; d++)
            {
                int p = _points[baseIdx + d];
                if (p < _hotStart) Prefetch.Row(_syn1 + (long)p * size, size);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TrainWord<TMath, TLoss, TWidth>(int* sen, int length, int pos, float alpha, WordPlan plan)
        where TMath : struct, IVectorMath where TLoss : struct, ILossMode where TWidth : struct, IRowWidth
    {
        int size = _size, window = _window;
        float* syn0 = _syn0, neu1 = _neu1, neu1e = _neu1e;
        int word = sen[pos];
        if (_cbow) new Span<float>(neu1, size).Clear(); // skip-gram never reads neu1
        new Span<float>(neu1e, size).Clear();
        int b = plan.Shrink;
        long* negatives = plan.Negatives;
        int aEnd = window * 2 + 1 - b;
        if (_cbow)
        {
            long cw = 0;
            for (int a = b; a < aEnd; a++)
            {
                if (a == window) continue;
                int c = pos - window + a;
                if (c < 0 || c >= length) continue;
                TMath.Add(neu1, syn0 + (long)sen[c] * size, size);
                cw++;
            }
            if (cw == 0) return;
            TMath.Divide(neu1, cw, size);
            float loss = Output<TMath, TLoss, TWidth>(word, neu1, alpha, negatives);
            if (TLoss.Enabled) Loss += loss;
            for (int a = b; a < aEnd; a++)
            {
                if (a == window) continue;
                int c = pos - window + a;
                if (c < 0 || c >= length) continue;
                TMath.Add(syn0 + (long)sen[c] * size, neu1e, size);
            }
        }
        else
        {
            for (int a = b; a < aEnd; a++)
            {
                if (a == window) continue;
                int c = pos - window + a;
                if (c < 0 || c >= length) continue;
                float* l1 = syn0 + (long)sen[c] * size;
                new Span<float>(neu1e, size).Clear();
                float loss = Output<TMath, TLoss, TWidth>(word, l1, alpha, negatives);
                if (negatives != null) negatives += _negative;
                if (TLoss.Enabled) Loss += loss;
                TMath.Add(l1, neu1e, size);
            }
        }
    }

    /// <summary>Both output layers for one (hidden layer, target word) pair; the hidden layer's error goes to neu1e.
    /// Returns the pair's loss with <see cref="LossOn"/>, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Output<TMath, TLoss, TWidth>(int word, float* hidden, float alpha, long* negatives)
        where TMath : struct, IVectorMath where TLoss : struct, ILossMode where TWidth : struct, IRowWidth
    {
        // The register kernel takes negatives drawn ahead; drawn in turn (a very wide window), they go the general way.
        if (TWidth.Vectors > 0 && (negatives != null || _negative == 0))
        {
            RegisterOutputs<TWidth>(word, hidden, alpha, negatives);
            return 0;
        }
        float loss = 0;
        if (_hs) loss += HierarchicalSoftmax<TMath, TLoss>(word, hidden, _neu1e, _syn1, _hotRows, _hotStart, _codes, _points, _codeLengths[word], _expTable, alpha, _size, _dots);
        if (_negative > 0) loss += NegativeSampling<TMath, TLoss>(word, hidden, _neu1e, _syn1neg, _table!, _negative, _vocabSizeMinus1, ref Random, _expTable, alpha, _size, negatives);
        return loss;
    }

    /// <summary><see cref="Output{TMath, TLoss, TWidth}"/> with <see cref="RegisterOutput{TWidth}"/>: the path's rows, then the
    /// target's and the negatives' rows, each set trained with the hidden layer and its error in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RegisterOutputs<TWidth>(int word, float* hidden, float alpha, long* negatives) where TWidth : struct, IRowWidth
    {
        float** rows = _rows;
        float* labels = _labels;
        int size = _size;
        if (_hs)
        {
            int codeLength = _codeLengths[word];
            // The path's row list is the same for every context word of a skip-gram window (and the rows never move).
            if (_pathWord != word)
            {
                int baseIdx = word * HuffmanTree.MaxCodeLength;
                for (int d = 0; d < codeLength; d++)
                {
                    int p = _points[baseIdx + d];
                    _pathRows[d] = p >= _hotStart ? _hotRows + (long)(p - _hotStart) * size : _syn1 + (long)p * size;
                    _pathLabels[d] = 1 - _codes[baseIdx + d];
                }
                _pathWord = word;
            }
            RegisterOutput<TWidth>.Train(hidden, _neu1e, _pathRows, _pathLabels, codeLength, _expTable, alpha, size, saturate: false);
        }
        if (_negative > 0)
        {
            int count = 0;
            rows[count] = _syn1neg + (long)word * size;
            labels[count++] = 1;
            for (int d = 0; d < _negative; d++)
            {
                long target = negatives[d];
                if (target == word) continue;
                rows[count] = _syn1neg + target * size;
                labels[count++] = 0;
            }
            RegisterOutput<TWidth>.Train(hidden, _neu1e, rows, labels, count, _expTable, alpha, size, saturate: true);
        }
    }

    /// <summary>gensim's loss of a labelled dot product <paramref name="x"/> (the dot product for label 1, its negation
    /// for label 0) inside (-MAX_EXP, MAX_EXP): <c>-log(sigmoid(x))</c> from the table's slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float PairLoss(float x) => -SigmoidTable.LogArray[(int)((x + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HierarchicalSoftmax<TMath, TLoss>(int word, float* hidden, float* neu1e, float* syn1, float* hotRows, int hotStart, byte[] codes, int[] points,
        int codeLength, float[] expTable, float alpha, int size, float* dots) where TMath : struct, IVectorMath where TLoss : struct, ILossMode
    {
        float loss = 0;
        int baseIdx = word * HuffmanTree.MaxCodeLength;
        // The hidden layer does not change along the path and the path's nodes are distinct rows, so every node's dot
        // product can be taken before any node is updated: the same values as C's interleaved loop, with the dot
        // products free of the updates' dependency chains.
        for (int d = 0; d < codeLength; d++)
        {
            int p = points[baseIdx + d];
            float* l2 = p >= hotStart ? hotRows + (long)(p - hotStart) * size : syn1 + (long)p * size;
            dots[d] = TMath.Dot(hidden, l2, size);
        }
        for (int d = 0; d < codeLength; d++)
        {
            float f = dots[d];
            if (f <= -SigmoidTable.MaxExp) continue;
            if (f >= SigmoidTable.MaxExp) continue;
            int p = points[baseIdx + d];
            float* l2 = p >= hotStart ? hotRows + (long)(p - hotStart) * size : syn1 + (long)p * size;
            if (TLoss.Enabled) loss += PairLoss(codes[baseIdx + d] == 0 ? f : -f); // label 1 - code
            f = expTable[(int)((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)];
            float g = (1 - codes[baseIdx + d] - f) * alpha;
            TMath.Backprop(g, neu1e, l2, hidden, size);
        }
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float NegativeSampling<TMath, TLoss>(int word, float* hidden, float* neu1e, float* syn1neg, UnigramTable table, int negative,
        long vocabSizeMinus1, ref CRandom rnd, float[] expTable, float alpha, int size, long* drawn) where TMath : struct, IVectorMath where TLoss : struct, ILossMode
    {
        float loss = 0;
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
                if (drawn != null)
                {
                    target = drawn[d - 1];
                }
                else
                {
                    ulong r = rnd.Next();
                    target = table.Draw(r);
                    if (target == 0) target = (long)(r % (ulong)vocabSizeMinus1) + 1;
                }
                if (target == word) continue;
                label = 0;
            }
            float* l2 = syn1neg + target * size;
            float f = TMath.Dot(hidden, l2, size);
            if (TLoss.Enabled && f > -SigmoidTable.MaxExp && f < SigmoidTable.MaxExp) loss += PairLoss(label == 1 ? f : -f);
            float g;
            if (f > SigmoidTable.MaxExp) g = (label - 1) * alpha;
            else if (f < -SigmoidTable.MaxExp) g = (label - 0) * alpha;
            else g = (label - expTable[(int)((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)]) * alpha;
            TMath.Backprop(g, neu1e, l2, hidden, size);
        }
        return loss;
    }

    protected override void FreeBuffers()
    {
        NativeMemory.AlignedFree(_neu1);
        NativeMemory.AlignedFree(_neu1e);
        NativeMemory.AlignedFree(_dots);
        NativeMemory.Free(_negatives);
        NativeMemory.Free(_rows);
        NativeMemory.Free(_labels);
        NativeMemory.Free(_pathRows);
        NativeMemory.Free(_pathLabels);
    }
}
