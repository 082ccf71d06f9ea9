using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// One training thread's state for skip-gram in <see cref="Arithmetic.Batched"/>: a centre word's whole window is
/// trained as a few small matrix products (Intel's HogBatch, as in pWord2Vec) instead of one (context, output) pair
/// at a time. The window's context rows (syn0, up to 2 × window) meet one shared set of output rows: the centre
/// word's Huffman path (syn1) with hierarchical softmax, the centre word and negatives drawn once per window
/// (syn1neg) with negative sampling. The step computes the dot products of every context row with every output row,
/// their gradients, then in one pass over the vector the outputs' update (outputs += Gᵀ × contexts) and the
/// contexts' errors (G × outputs, from the outputs before the update), added into the context rows.
/// <para>Not the C tool's arithmetic: C trains each context word against the outputs as the previous context word
/// left them, and draws new negatives for every pair; here the window's context words all see the outputs as they
/// were at the window's start, and share one draw of negatives (a negative drawn twice counts twice, a draw of the
/// centre word is skipped as C skips it). The window shrink, down-sampling, learning rate and Hogwild threads are
/// the fast mode's, and so is the private copy of the busiest hierarchical-softmax rows with several threads.</para>
/// </summary>
internal sealed unsafe class BatchedWorker : StepWorker
{
    /// <summary>Output rows updated together (a block of columns of the gradient matrix).</summary>
    private const int Block = 4;

    private readonly int _maxColumns;
    private readonly float** _contexts;   // the window's context rows
    private readonly float** _outputs;    // the output rows, padded to a multiple of Block with _sink
    private readonly float* _labels;      // per output: 1 - code (hierarchical softmax), 1 or 0 (negative sampling)
    private readonly float* _weights;     // per output: how many draws it stands for
    private readonly long* _rows;         // per output: its row (to merge negatives drawn twice)
    private readonly float* _grad;        // contexts × padded outputs: dot products, then gradients
    private readonly float* _errors;      // contexts × 16: the errors of one stretch of the vector
    private readonly float* _sink;        // a row for the padding outputs (gradient 0)

    /// <param name="weights">The shared matrices.</param>
    /// <param name="setup">Options and tables of the run (skip-gram).</param>
    /// <param name="seed">The generator's first state.</param>
    /// <param name="privateHotRows">Keep a private copy of the inner nodes nearest the Huffman root (see <see cref="HotRows"/>).</param>
    public BatchedWorker(ModelWeights weights, TrainingSetup setup, ulong seed, bool privateHotRows)
        : base(weights, setup, seed, privateHotRows)
    {
        int contexts = Math.Max(1, 2 * _window);
        int columns = (_hs ? HuffmanTree.MaxCodeLength : 0) + (_negative > 0 ? _negative + 1 : 0);
        _maxColumns = (columns + Block - 1) / Block * Block;
        _contexts = (float**)Alloc(contexts * sizeof(float*));
        _outputs = (float**)Alloc(_maxColumns * sizeof(float*));
        _labels = (float*)Alloc(_maxColumns * sizeof(float));
        _weights = (float*)Alloc(_maxColumns * sizeof(float));
        _rows = (long*)Alloc(_maxColumns * sizeof(long));
        _grad = (float*)Alloc(contexts * _maxColumns * sizeof(float));
        _errors = (float*)Alloc(contexts * 16 * sizeof(float));
        _sink = (float*)Alloc(_size * sizeof(float));
    }

    private static void* Alloc(long bytes) => NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, 64), 64);

    /// <summary>Trains every position of <paramref name="sentence"/> as <see cref="TrainingWorker"/> does (the same
    /// window shrink per word, the first word at <paramref name="firstWordAlpha"/>, an empty sentence drawing its
    /// shrink), each window in one batch.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public void TrainSentence<TLoss>(ReadOnlySpan<int> sentence, float alpha, float firstWordAlpha) where TLoss : struct, ILossMode
    {
        if (sentence.IsEmpty)
        {
            Random.Next();
            return;
        }
        fixed (int* sen = sentence)
        {
            for (int pos = 0; pos < sentence.Length; pos++)
            {
                TrainWindow<TLoss>(sen, sentence.Length, pos, pos == 0 ? firstWordAlpha : alpha);
                if (_hot != null && ((pos + 1) & (HotRows.FlushEvery - 1)) == 0) _hot.Flush();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TrainWindow<TLoss>(int* sen, int length, int pos, float alpha) where TLoss : struct, ILossMode
    {
        int size = _size, window = _window;
        int word = sen[pos];
        int b = (int)(Random.Next() % (ulong)window);
        int aEnd = window * 2 + 1 - b;
        float** ctx = _contexts;
        int n = 0;
        for (int a = b; a < aEnd; a++)
        {
            if (a == window) continue;
            int c = pos - window + a;
            if (c < 0 || c >= length) continue;
            ctx[n++] = _syn0 + (long)sen[c] * size;
        }
        if (n == 0) return;

        // The outputs: the centre word's path, then the centre word and its negatives.
        float** outs = _outputs;
        float* labels = _labels, weights = _weights;
        int hsColumns = 0, m = 0;
        if (_hs)
        {
            int baseIdx = word * HuffmanTree.MaxCodeLength;
            hsColumns = _codeLengths[word];
            for (int d = 0; d < hsColumns; d++)
            {
                int p = _points[baseIdx + d];
                outs[m] = p >= _hotStart ? _hotRows + (long)(p - _hotStart) * size : _syn1 + (long)p * size;
                labels[m] = 1 - _codes[baseIdx + d];
                weights[m] = 1;
                m++;
            }
        }
        if (_negative > 0)
        {
            int first = m;
            outs[m] = _syn1neg + (long)word * size;
            labels[m] = 1;
            weights[m] = 1;
            _rows[m] = word;
            m++;
            var table = _table!;
            for (int d = 0; d < _negative; d++)
            {
                ulong r = Random.Next();
                long target = table.Draw(r);
                if (target == 0) target = (long)(r % (ulong)_vocabSizeMinus1) + 1;
                if (target == word) continue;
                int j = first + 1;
                while (j < m && _rows[j] != target) j++;
                if (j < m)
                {
                    weights[j]++;
                    continue;
                }
                outs[m] = _syn1neg + target * size;
                labels[m] = 0;
                weights[m] = 1;
                _rows[m] = target;
                m++;
            }
        }
        int mp = (m + Block - 1) / Block * Block;
        if (mp > m) new Span<float>(_sink, size).Clear();
        for (int j = m; j < mp; j++) outs[j] = _sink;

        TrainOutputs<TLoss>(ctx, n, m, mp, hsColumns, alpha);
    }


    /// <summary>The gradients of <paramref name="n"/> context rows against the <paramref name="m"/> outputs (padded to
    /// <paramref name="mp"/>; the first <paramref name="hsColumns"/> on the Huffman path), then both updates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void TrainOutputs<TLoss>(float** ctx, int n, int m, int mp, int hsColumns, float alpha) where TLoss : struct, ILossMode
    {
        int size = _size;
        float** outs = _outputs;
        float* labels = _labels, weights = _weights;
        float* g = _grad;
        Dots(ctx, n, outs, mp, size, g);
        float loss = 0;
        float[] expTable = _expTable;
        for (int i = 0; i < n; i++)
        {
            float* gi = g + i * mp;
            for (int j = 0; j < m; j++)
            {
                float f = gi[j], label = labels[j], grad;
                if (TLoss.Enabled && f > -SigmoidTable.MaxExp && f < SigmoidTable.MaxExp) loss += weights[j] * PairLoss(label == 1 ? f : -f);
                if (j < hsColumns)
                {
                    // Hierarchical softmax skips a node outside the table, as C does.
                    grad = f > -SigmoidTable.MaxExp && f < SigmoidTable.MaxExp ? label - Sigmoid(expTable, f) : 0;
                }
                else if (f > SigmoidTable.MaxExp) grad = label - 1;
                else if (f < -SigmoidTable.MaxExp) grad = label;
                else grad = label - Sigmoid(expTable, f);
                gi[j] = grad * alpha * weights[j];
            }
            for (int j = m; j < mp; j++) gi[j] = 0;
        }
        if (TLoss.Enabled) Loss += loss;
        Update(ctx, n, outs, mp, size, g, _errors);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sigmoid(float[] expTable, float f) => expTable[(int)((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)];

    /// <summary>gensim's loss of a labelled dot product (see <see cref="TrainingWorker"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float PairLoss(float x) => -SigmoidTable.LogArray[(int)((x + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)];

    /// <summary>g[i * mp + j] = contexts[i] · outputs[j], for <paramref name="mp"/> a multiple of <see cref="Block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Dots(float** contexts, int n, float** outputs, int mp, int size, float* g)
    {
        for (int i = 0; i < n; i++)
        {
            float* c = contexts[i];
            float* gi = g + i * mp;
            for (int jb = 0; jb < mp; jb += Block)
            {
                float* o0 = outputs[jb], o1 = outputs[jb + 1], o2 = outputs[jb + 2], o3 = outputs[jb + 3];
                float* f = gi + jb;
                f[0] = f[1] = f[2] = f[3] = 0;
                int k = 0;
                if (Vector512.IsHardwareAccelerated) DotBlock<Lanes16, Vector512<float>>(c, o0, o1, o2, o3, ref k, size, f);
                if (Vector256.IsHardwareAccelerated) DotBlock<Lanes8, Vector256<float>>(c, o0, o1, o2, o3, ref k, size, f);
                DotBlock<Lanes4, Vector128<float>>(c, o0, o1, o2, o3, ref k, size, f);
                DotBlock<Lanes1, float>(c, o0, o1, o2, o3, ref k, size, f);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotBlock<TL, TV>(float* c, float* o0, float* o1, float* o2, float* o3, ref int k, int end, float* f)
        where TL : struct, ILanes<TV> where TV : struct
    {
        if (k + TL.Count > end) return;
        TV a0 = TL.Splat(0), a1 = a0, a2 = a0, a3 = a0;
        int i = k;
        for (; i + TL.Count <= end; i += TL.Count)
        {
            TV x = TL.Load(c + i);
            a0 = TL.Fma(x, TL.Load(o0 + i), a0);
            a1 = TL.Fma(x, TL.Load(o1 + i), a1);
            a2 = TL.Fma(x, TL.Load(o2 + i), a2);
            a3 = TL.Fma(x, TL.Load(o3 + i), a3);
        }
        k = i;
        (Vector128.Load(f) + TL.Sum4(a0, a1, a2, a3)).Store(f);
    }

    /// <summary>With g the contexts × outputs gradients (row stride <paramref name="mp"/>): every output row gets
    /// Σᵢ g[i, j] · contexts[i] and every context row Σⱼ g[i, j] · outputs[j], both from the rows as they were before
    /// (one stretch of the vector at a time, the errors held in <paramref name="errors"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Update(float** contexts, int n, float** outputs, int mp, int size, float* g, float* errors)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; k + 16 <= size; k += 16) UpdateStretch<Lanes16, Vector512<float>>(contexts, n, outputs, mp, g, errors, k);
        if (Vector256.IsHardwareAccelerated)
            for (; k + 8 <= size; k += 8) UpdateStretch<Lanes8, Vector256<float>>(contexts, n, outputs, mp, g, errors, k);
        for (; k + 4 <= size; k += 4) UpdateStretch<Lanes4, Vector128<float>>(contexts, n, outputs, mp, g, errors, k);
        for (; k < size; k++) UpdateStretch<Lanes1, float>(contexts, n, outputs, mp, g, errors, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateStretch<TL, TV>(float** contexts, int n, float** outputs, int mp, float* g, float* errors, int k)
        where TL : struct, ILanes<TV> where TV : struct
    {
        int w = TL.Count;
        TV zero = TL.Splat(0);
        for (int i = 0; i < n; i++) TL.Store(errors + i * w, zero);
        for (int jb = 0; jb < mp; jb += Block)
        {
            float* p0 = outputs[jb] + k, p1 = outputs[jb + 1] + k, p2 = outputs[jb + 2] + k, p3 = outputs[jb + 3] + k;
            TV o0 = TL.Load(p0), o1 = TL.Load(p1), o2 = TL.Load(p2), o3 = TL.Load(p3);
            TV a0 = o0, a1 = o1, a2 = o2, a3 = o3;
            float* gr = g + jb;
            for (int i = 0; i < n; i++, gr += mp)
            {
                TV x = TL.Load(contexts[i] + k);
                TV g0 = TL.Splat(gr[0]), g1 = TL.Splat(gr[1]), g2 = TL.Splat(gr[2]), g3 = TL.Splat(gr[3]);
                a0 = TL.Fma(g0, x, a0);
                a1 = TL.Fma(g1, x, a1);
                a2 = TL.Fma(g2, x, a2);
                a3 = TL.Fma(g3, x, a3);
                float* e = errors + i * w;
                TV ev = TL.Load(e);
                ev = TL.Fma(g0, o0, ev);
                ev = TL.Fma(g1, o1, ev);
                ev = TL.Fma(g2, o2, ev);
                ev = TL.Fma(g3, o3, ev);
                TL.Store(e, ev);
            }
            TL.Store(p0, a0);
            TL.Store(p1, a1);
            TL.Store(p2, a2);
            TL.Store(p3, a3);
        }
        for (int i = 0; i < n; i++)
        {
            float* c = contexts[i] + k;
            TL.Store(c, TL.Add(TL.Load(c), TL.Load(errors + i * w)));
        }
    }

    protected override void FreeBuffers()
    {
        NativeMemory.AlignedFree(_contexts);
        NativeMemory.AlignedFree(_outputs);
        NativeMemory.AlignedFree(_labels);
        NativeMemory.AlignedFree(_weights);
        NativeMemory.AlignedFree(_rows);
        NativeMemory.AlignedFree(_grad);
        NativeMemory.AlignedFree(_errors);
        NativeMemory.AlignedFree(_sink);
    }
}
