using System.Diagnostics;
using System.Globalization;
using Word2VecNative.Distributed;

namespace Word2VecNative.Bench;

/// <summary>
/// <c>allreduce FLOATS ROUNDS</c>, started by <c>mpirun -np N</c>: times MPI_Allreduce (sum, in place) of FLOATS floats
/// through <see cref="MpiCommunicator"/> in the blocks the training's synchronisation uses, ROUNDS times after one
/// warm-up, and rank 0 prints "ranks N floats F median_s X min_s Y gbit_s Z" (Z: the bytes a ring allreduce sends per
/// rank, 2 (N-1)/N of the buffer, over the median time).
/// </summary>
internal static class AllreduceBench
{
    private const int Block = 1 << 22; // ModelSynchronizer.BlockFloats

    public static int Run(long floats, int rounds)
    {
        using var mpi = MpiCommunicator.Initialize();
        var buffer = new float[Math.Min(floats, Block)];
        new Random(mpi.Rank).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan()));
        var times = new List<double>();
        for (int round = -1; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            for (long at = 0; at < floats; at += Block)
                mpi.AllreduceSum(buffer.AsSpan(0, (int)Math.Min(Block, floats - at)));
            if (round >= 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        double median = times[times.Count / 2];
        double sent = 2.0 * (mpi.Size - 1) / mpi.Size * floats * sizeof(float);
        if (mpi.Rank == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ranks {mpi.Size} floats {floats} median_s {median:F4} min_s {times[0]:F4} gbit_s {sent * 8 / median / 1e9:F2}"));
        }
        return 0;
    }
}
