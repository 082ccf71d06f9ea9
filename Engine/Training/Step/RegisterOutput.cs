using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>A row width in 512-bit vectors, as a type: the register kernels below are compiled for each width, so their
/// per-vector code is straight-line, with the hidden layer and its error held in registers.</summary>
internal interface IRowWidth
{
    /// <summary>Full 512-bit vectors in a row (1 to 8).</summary>
    static abstract int Vectors { get; }
}

/// <summary>No register kernel: the general loops (rows of any width, any hardware).</summary>
internal struct AnyWidth : IRowWidth { public static int Vectors => 0; }

internal struct Width1 : IRowWidth { public static int Vectors => 1; }
internal struct Width2 : IRowWidth { public static int Vectors => 2; }
internal struct Width3 : IRowWidth { public static int Vectors => 3; }
internal struct Width4 : IRowWidth { public static int Vectors => 4; }
internal struct Width5 : IRowWidth { public static int Vectors => 5; }
internal struct Width6 : IRowWidth { public static int Vectors => 6; }
internal struct Width7 : IRowWidth { public static int Vectors => 7; }
internal struct Width8 : IRowWidth { public static int Vectors => 8; }

/// <summary>
/// The fast mode's output layers for rows of 16 to 143 floats on 512-bit hardware: the hidden layer and the error
/// it accumulates stay in registers for a whole Huffman path or set of negatives, and each output row is read once,
/// its dot product and update made from the same registers (the general loops read the hidden layer, the error and
/// the row again for the update and write the error back at every row). The same updates in the same order as
/// <see cref="SimdMath"/>'s; a row's last <c>size % 16</c> floats go through memory, four at a time.
/// </summary>
internal static unsafe class RegisterOutput<TWidth> where TWidth : struct, IRowWidth
{
    // Compiled once, fully optimised, on its own (too large to inline into the step, and a loop left to tiering would
    // run its first tier for thousands of calls).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Train(float* hidden, float* err, float** rows, float* labels, int count, float[] expTable, float alpha, int size, bool saturate)
    {
        int n = TWidth.Vectors;
        int tail = n * 16;
        var h0 = Vector512.Load(hidden);
        var h1 = n > 1 ? Vector512.Load(hidden + 16) : default;
        var h2 = n > 2 ? Vector512.Load(hidden + 32) : default;
        var h3 = n > 3 ? Vector512.Load(hidden + 48) : default;
        var h4 = n > 4 ? Vector512.Load(hidden + 64) : default;
        var h5 = n > 5 ? Vector512.Load(hidden + 80) : default;
        var h6 = n > 6 ? Vector512.Load(hidden + 96) : default;
        var h7 = n > 7 ? Vector512.Load(hidden + 112) : default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default, e4 = default, e5 = default, e6 = default, e7 = default;
        for (int i = 0; i < count; i++)
        {
            float* l2 = rows[i];
            var o0 = Vector512.Load(l2);
            var o1 = n > 1 ? Vector512.Load(l2 + 16) : default;
            var o2 = n > 2 ? Vector512.Load(l2 + 32) : default;
            var o3 = n > 3 ? Vector512.Load(l2 + 48) : default;
            var o4 = n > 4 ? Vector512.Load(l2 + 64) : default;
            var o5 = n > 5 ? Vector512.Load(l2 + 80) : default;
            var o6 = n > 6 ? Vector512.Load(l2 + 96) : default;
            var o7 = n > 7 ? Vector512.Load(l2 + 112) : default;
            var a0 = h0 * o0;
            var a1 = n > 1 ? h1 * o1 : default;
            if (n > 2) a0 = Vector512.FusedMultiplyAdd(h2, o2, a0);
            if (n > 3) a1 = Vector512.FusedMultiplyAdd(h3, o3, a1);
            if (n > 4) a0 = Vector512.FusedMultiplyAdd(h4, o4, a0);
            if (n > 5) a1 = Vector512.FusedMultiplyAdd(h5, o5, a1);
            if (n > 6) a0 = Vector512.FusedMultiplyAdd(h6, o6, a0);
            if (n > 7) a1 = Vector512.FusedMultiplyAdd(h7, o7, a1);
            var acc = n > 1 ? a0 + a1 : a0;
            var half = acc.GetLower() + acc.GetUpper();
            var quarter = half.GetLower() + half.GetUpper();
            int c = tail;
            for (; c + 4 <= size; c += 4) quarter = Vector128.FusedMultiplyAdd(Vector128.Load(hidden + c), Vector128.Load(l2 + c), quarter);
            float f = Vector128.Sum(quarter);
            for (; c < size; c++) f += hidden[c] * l2[c];
            float label = labels[i];
            float g;
            if (f >= SigmoidTable.MaxExp || f <= -SigmoidTable.MaxExp)
            {
                if (!saturate) continue;
                g = (label - (f > 0 ? 1 : 0)) * alpha;
            }
            else
            {
                g = (label - expTable[float.ConvertToIntegerNative<int>((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)]) * alpha;
            }
            var gv = Vector512.Create(g);
            e0 = Vector512.FusedMultiplyAdd(gv, o0, e0);
            Vector512.FusedMultiplyAdd(gv, h0, o0).Store(l2);
            if (n > 1) { e1 = Vector512.FusedMultiplyAdd(gv, o1, e1); Vector512.FusedMultiplyAdd(gv, h1, o1).Store(l2 + 16); }
            if (n > 2) { e2 = Vector512.FusedMultiplyAdd(gv, o2, e2); Vector512.FusedMultiplyAdd(gv, h2, o2).Store(l2 + 32); }
            if (n > 3) { e3 = Vector512.FusedMultiplyAdd(gv, o3, e3); Vector512.FusedMultiplyAdd(gv, h3, o3).Store(l2 + 48); }
            if (n > 4) { e4 = Vector512.FusedMultiplyAdd(gv, o4, e4); Vector512.FusedMultiplyAdd(gv, h4, o4).Store(l2 + 64); }
            if (n > 5) { e5 = Vector512.FusedMultiplyAdd(gv, o5, e5); Vector512.FusedMultiplyAdd(gv, h5, o5).Store(l2 + 80); }
            if (n > 6) { e6 = Vector512.FusedMultiplyAdd(gv, o6, e6); Vector512.FusedMultiplyAdd(gv, h6, o6).Store(l2 + 96); }
            if (n > 7) { e7 = Vector512.FusedMultiplyAdd(gv, o7, e7); Vector512.FusedMultiplyAdd(gv, h7, o7).Store(l2 + 112); }
            var gq = Vector128.Create(g);
            for (c = tail; c + 4 <= size; c += 4)
            {
                var o = Vector128.Load(l2 + c);
                Vector128.FusedMultiplyAdd(gq, o, Vector128.Load(err + c)).Store(err + c);
                Vector128.FusedMultiplyAdd(gq, Vector128.Load(hidden + c), o).Store(l2 + c);
            }
            for (; c < size; c++)
            {
                float o = l2[c];
                err[c] += g * o;
                l2[c] = o + g * hidden[c];
            }
        }
        (Vector512.Load(err) + e0).Store(err);
        if (n > 1) (Vector512.Load(err + 16) + e1).Store(err + 16);
        if (n > 2) (Vector512.Load(err + 32) + e2).Store(err + 32);
        if (n > 3) (Vector512.Load(err + 48) + e3).Store(err + 48);
        if (n > 4) (Vector512.Load(err + 64) + e4).Store(err + 64);
        if (n > 5) (Vector512.Load(err + 80) + e5).Store(err + 80);
        if (n > 6) (Vector512.Load(err + 96) + e6).Store(err + 96);
        if (n > 7) (Vector512.Load(err + 112) + e7).Store(err + 112);
    }
}
