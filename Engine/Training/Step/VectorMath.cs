using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Word2VecNative.Training;

/// <summary>The CPU vector math of the training loop. Implementations are structs so the trainer, generic over
/// them, gets a specialised copy with no virtual call per word.</summary>
internal unsafe interface IVectorMath
{
    /// <summary>Sum of x[c] * y[c].</summary>
    static abstract float Dot(float* x, float* y, int n);

    /// <summary>For each c: err[c] += g * output[c]; then output[c] += g * hidden[c] (C's two loops, fused:
    /// every element reads the old output value first, so the results are the same).</summary>
    static abstract void Backprop(float g, float* err, float* output, float* hidden, int n);

    /// <summary>dst[c] += src[c].</summary>
    static abstract void Add(float* dst, float* src, int n);

    /// <summary>x[c] /= d (an IEEE division per element, vector or scalar: the same results either way).</summary>
    static abstract void Divide(float* x, float d, int n);
}

/// <summary>C's scalar loops, in C's order: the vector math of <see cref="Arithmetic.Exact"/> and the reference
/// for the SIMD one.</summary>
internal unsafe struct ScalarMath : IVectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* x, float* y, int n)
    {
        float f = 0;
        for (int c = 0; c < n; c++) f += x[c] * y[c];
        return f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Backprop(float g, float* err, float* output, float* hidden, int n)
    {
        for (int c = 0; c < n; c++) err[c] += g * output[c];
        for (int c = 0; c < n; c++) output[c] += g * hidden[c];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* dst, float* src, int n)
    {
        for (int c = 0; c < n; c++) dst[c] += src[c];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide(float* x, float d, int n)
    {
        for (int c = 0; c < n; c++) x[c] /= d;
    }
}

/// <summary>SIMD vector math (<see cref="Arithmetic.Fast"/>): 512-bit vectors where the hardware has them, else
/// 256-bit, else 128-bit, with fused multiply-add; a vector tail then a scalar tail. A dot product's accumulator is
/// folded in halves down to 128 bits (the narrower tails added on the way), then summed: <c>Vector512.Sum</c> sums each
/// 128-bit quarter on its own, three times the instructions on the path from the products to the gradient.</summary>
internal unsafe struct SimdMath : IVectorMath
{
    /// <summary>The sum of <paramref name="v"/>'s lanes, folded in halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> v)
    {
        var half = v.GetLower() + v.GetUpper();
        return Vector128.Sum(half.GetLower() + half.GetUpper());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* x, float* y, int n)
    {
        int c = 0;
        float sum;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            for (; c + 32 <= n; c += 32)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + c), Vector512.Load(y + c), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.Load(x + c + 16), Vector512.Load(y + c + 16), acc1);
            }
            if (c + 16 <= n)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + c), Vector512.Load(y + c), acc0);
                c += 16;
            }
            acc0 += acc1;
            var half = acc0.GetLower() + acc0.GetUpper();
            if (c + 8 <= n)
            {
                half = Vector256.FusedMultiplyAdd(Vector256.Load(x + c), Vector256.Load(y + c), half);
                c += 8;
            }
            var quarter = half.GetLower() + half.GetUpper();
            if (c + 4 <= n)
            {
                quarter = Vector128.FusedMultiplyAdd(Vector128.Load(x + c), Vector128.Load(y + c), quarter);
                c += 4;
            }
            sum = Vector128.Sum(quarter);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (; c + 16 <= n; c += 16)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + c), Vector256.Load(y + c), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.Load(x + c + 8), Vector256.Load(y + c + 8), acc1);
            }
            if (c + 8 <= n)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(x + c), Vector256.Load(y + c), acc0);
                c += 8;
            }
            acc0 += acc1;
            var quarter = acc0.GetLower() + acc0.GetUpper();
            if (c + 4 <= n)
            {
                quarter = Vector128.FusedMultiplyAdd(Vector128.Load(x + c), Vector128.Load(y + c), quarter);
                c += 4;
            }
            sum = Vector128.Sum(quarter);
        }
        else
        {
            var acc = Vector128<float>.Zero;
            for (; c + 4 <= n; c += 4) acc = Vector128.FusedMultiplyAdd(Vector128.Load(x + c), Vector128.Load(y + c), acc);
            sum = Vector128.Sum(acc);
        }
        for (; c < n; c++) sum += x[c] * y[c];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Backprop(float g, float* err, float* output, float* hidden, int n)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var gv = Vector512.Create(g);
            for (; c + 16 <= n; c += 16)
            {
                var o = Vector512.Load(output + c);
                Vector512.FusedMultiplyAdd(gv, o, Vector512.Load(err + c)).Store(err + c);
                Vector512.FusedMultiplyAdd(gv, Vector512.Load(hidden + c), o).Store(output + c);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var gv = Vector256.Create(g);
            for (; c + 8 <= n; c += 8)
            {
                var o = Vector256.Load(output + c);
                Vector256.FusedMultiplyAdd(gv, o, Vector256.Load(err + c)).Store(err + c);
                Vector256.FusedMultiplyAdd(gv, Vector256.Load(hidden + c), o).Store(output + c);
            }
        }
        {
            var gv = Vector128.Create(g);
            for (; c + 4 <= n; c += 4)
            {
                var o = Vector128.Load(output + c);
                Vector128.FusedMultiplyAdd(gv, o, Vector128.Load(err + c)).Store(err + c);
                Vector128.FusedMultiplyAdd(gv, Vector128.Load(hidden + c), o).Store(output + c);
            }
        }
        for (; c < n; c++)
        {
            float o = output[c];
            err[c] += g * o;
            output[c] = o + g * hidden[c];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* dst, float* src, int n)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; c + 16 <= n; c += 16) (Vector512.Load(dst + c) + Vector512.Load(src + c)).Store(dst + c);
        if (Vector256.IsHardwareAccelerated)
            for (; c + 8 <= n; c += 8) (Vector256.Load(dst + c) + Vector256.Load(src + c)).Store(dst + c);
        for (; c + 4 <= n; c += 4) (Vector128.Load(dst + c) + Vector128.Load(src + c)).Store(dst + c);
        for (; c < n; c++) dst[c] += src[c];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide(float* x, float d, int n)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
            for (var dv = Vector512.Create(d); c + 16 <= n; c += 16) (Vector512.Load(x + c) / dv).Store(x + c);
        if (Vector256.IsHardwareAccelerated)
            for (var dv = Vector256.Create(d); c + 8 <= n; c += 8) (Vector256.Load(x + c) / dv).Store(x + c);
        for (var dv = Vector128.Create(d); c + 4 <= n; c += 4) (Vector128.Load(x + c) / dv).Store(x + c);
        for (; c < n; c++) x[c] /= d;
    }
}
