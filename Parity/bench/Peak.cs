using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using Word2VecNative.Training;

namespace Word2VecNative.Bench;

/// <summary>
/// What the machine can do at best with the training step's operations, for Parity/bench/threads-bench.sh and the
/// README's "Distance to the limit".
/// <c>peak THREADS SECONDS [SIZE] [TARGETS]</c>: the skip-gram step's arithmetic with every row in the L1 cache: per
/// pair, TARGETS (default 6: a word and 5 negatives) times a dot product of two SIZE-float rows (default 100) and two
/// fused multiply-add updates (the error row and the output row), then the input row's update; each thread on rows of
/// its own, in trials of half a second. Prints "gflops X pairs_per_s Y median_gflops Z trials N": the best trial and
/// the median one, counting 6 * SIZE flops per target and SIZE per pair (what the training step does). The kernels are the fast mode's own (Engine/Training/Step/VectorMath.cs, SimdMath).
/// <c>rows THREADS SECONDS ROWS [SIZE]</c>: random rows of a ROWS x SIZE matrix (the size of the model's two
/// matrices), each read with a dot product and written back with an update, the next row drawn at random
/// (independent: the core keeps several misses in flight) and then chained (the next row depends on the last dot
/// product: one miss at a time). Prints "independent_ns X chained_ns Y gbs Z": nanoseconds per row per thread, and
/// the bytes of rows read and written per second by all threads.
/// </summary>
internal static unsafe class Peak
{
    public static int Compute(int threads, double seconds, int size, int targets)
    {
        // Trials of half a second, all threads at once; the best is what the machine attains (on a shared machine
        // other work only ever lowers a trial).
        int trials = Math.Max(1, (int)Math.Round(seconds / 0.5));
        var rates = new List<double>();
        for (int trial = 0; trial < trials; trial++)
        {
            double[] pairs = new double[threads];
            RunThreads(threads, t => pairs[t] = ComputeLoop(size, targets, 0.5));
            rates.Add(pairs.Sum());
        }
        rates.Sort();
        double perPair = (double)targets * 6 * size + size;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gflops {rates[^1] * perPair / 1e9:F2} pairs_per_s {rates[^1]:F0} median_gflops {rates[rates.Count / 2] * perPair / 1e9:F2} trials {trials}"));
        return 0;
    }

    public static int Rows(int threads, double seconds, int rows, int size)
    {
        float* m = (float*)NativeMemory.AlignedAlloc((nuint)((long)rows * size * sizeof(float)), 64);
        var rnd = new Random(1);
        for (long i = 0; i < (long)rows * size; i++) m[i] = (float)(rnd.NextDouble() - 0.5) / size;
        var ind = new double[threads];
        var chain = new double[threads];
        long[] done = new long[threads];
        var clock = Stopwatch.StartNew();
        RunThreads(threads, t => (ind[t], done[t]) = RowLoop(m, rows, size, seconds / 2, t, chained: false));
        double s = clock.Elapsed.TotalSeconds;
        RunThreads(threads, t => (chain[t], _) = RowLoop(m, rows, size, seconds / 2, t, chained: true));
        double gbs = done.Sum() * 2.0 * size * sizeof(float) / s / 1e9;
        NativeMemory.AlignedFree(m);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"independent_ns {ind.Average():F1} chained_ns {chain.Average():F1} gbs {gbs:F2}"));
        return 0;
    }

    private static void RunThreads(int threads, Action<int> body)
    {
        var ts = Enumerable.Range(0, threads).Select(t => new Thread(() => body(t))).ToArray();
        foreach (var t in ts) t.Start();
        foreach (var t in ts) t.Join();
    }

    /// <summary>One thread's pairs per second over <paramref name="seconds"/> (after a tenth of a second of warm-up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double ComputeLoop(int size, int targets, double seconds)
    {
        int stride = (size + 15) & ~15;
        float* h = (float*)NativeMemory.AlignedAlloc((nuint)(stride * (targets + 2) * sizeof(float)), 64);
        float* e = h + stride;
        float* o = e + stride;
        var rnd = new Random(2);
        for (int i = 0; i < stride * (targets + 2); i++) h[i] = (float)(rnd.NextDouble() - 0.5) / size;
        long pairs = 0;
        var clock = Stopwatch.StartNew();
        double warm = 0.1, end = warm + seconds, from = 0;
        long counted = -1;
        while (true)
        {
            for (int rep = 0; rep < 1024; rep++)
            {
                for (int c = 0; c < size; c++) e[c] = 0;
                for (int j = 0; j < targets; j++)
                {
                    float* row = o + j * stride;
                    float f = SimdMath.Dot(h, row, size);
                    // A bounded gradient (the step's sigmoid-table lookup is a load and a multiply): the rows stay
                    // small, so the arithmetic never meets denormals or infinities.
                    float g = 0.001f * ((j == 0 ? 1f : 0f) - Math.Clamp(0.5f + 0.25f * f, 0f, 1f));
                    SimdMath.Backprop(g, e, row, h, size);
                }
                SimdMath.Add(h, e, size);
            }
            pairs += 1024;
            double now = clock.Elapsed.TotalSeconds;
            if (counted < 0 && now >= warm) (counted, from) = (pairs, now);
            if (now >= end) break;
        }
        NativeMemory.AlignedFree(h);
        return (pairs - counted) / (clock.Elapsed.TotalSeconds - from);
    }

    /// <summary>One thread's mean nanoseconds per row and rows done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static (double Ns, long Rows) RowLoop(float* m, int rows, int size, double seconds, int seed, bool chained)
    {
        float* e = (float*)NativeMemory.AlignedAlloc((nuint)(size * sizeof(float)), 64);
        for (int c = 0; c < size; c++) e[c] = 1e-7f;
        ulong x = 0x9E3779B97F4A7C15UL * (ulong)(seed + 1);
        long done = 0;
        var clock = Stopwatch.StartNew();
        float f = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int rep = 0; rep < 4096; rep++)
            {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                // Chained: the row index depends on the last dot product, so the next miss waits for this one.
                ulong r = chained ? x + (ulong)(f > 1e30f ? 1 : 0) : x;
                float* row = m + (long)(r % (ulong)rows) * size;
                f = SimdMath.Dot(row, e, size);
                SimdMath.Backprop(1e-9f, e, row, e, size);
            }
            done += 4096;
        }
        double ns = clock.Elapsed.TotalSeconds * 1e9 / done;
        NativeMemory.AlignedFree(e);
        return (ns, done);
    }
}
