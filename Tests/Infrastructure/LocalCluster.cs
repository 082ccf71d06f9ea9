using Word2VecNative.Distributed;

namespace Word2VecNative.Tests.Infrastructure;

/// <summary>Ranks of a run across processes as threads of this one: each rank's <see cref="ICommunicator"/> meets the
/// others at a barrier for every collective call, so the trainer's code across processes runs here without MPI.</summary>
internal sealed class LocalCluster
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(60);
    private readonly Barrier _barrier;
    private readonly byte[]?[] _slots;

    private LocalCluster(int size)
    {
        _barrier = new Barrier(size);
        _slots = new byte[size][];
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="size"/> ranks, each on a thread of its own; returns each
    /// rank's result or exception, in rank order.</summary>
    public static (T? Result, Exception? Error)[] Run<T>(int size, Func<ICommunicator, T> body)
    {
        var cluster = new LocalCluster(size);
        var results = new (T?, Exception?)[size];
        var threads = Enumerable.Range(0, size).Select(rank => new Thread(() =>
        {
            try
            {
                results[rank] = (body(new Member(cluster, rank)), null);
            }
            catch (Exception e)
            {
                results[rank] = (default, e);
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads)
        {
            if (!t.Join(TimeSpan.FromMinutes(3))) throw new TimeoutException("a rank did not finish in 3 minutes");
        }
        return results;
    }

    /// <summary>Every rank's result; throws the first rank's exception if any failed.</summary>
    public static T[] RunChecked<T>(int size, Func<ICommunicator, T> body)
    {
        var results = Run(size, body);
        foreach (var (_, error) in results)
        {
            if (error != null) throw new InvalidOperationException("a rank failed: " + error.Message, error);
        }
        return [.. results.Select(r => r.Result!)];
    }

    private void Meet()
    {
        if (!_barrier.SignalAndWait(s_wait)) throw new TimeoutException("the other ranks did not reach the collective call");
    }

    private sealed class Member(LocalCluster cluster, int rank) : ICommunicator
    {
        public int Rank => rank;

        public int Size => cluster._slots.Length;

        public void AllreduceSum(Span<float> values) => Reduce(values);

        public void AllreduceSum(Span<double> values) => Reduce(values);

        private void Reduce<TNumber>(Span<TNumber> values) where TNumber : unmanaged, System.Numerics.INumber<TNumber>
        {
            cluster._slots[rank] = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();
            cluster.Meet();
            // Every rank adds in rank order: the same sum, bit for bit, everywhere.
            values.Clear();
            foreach (var slot in cluster._slots)
            {
                var other = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, TNumber>(slot);
                if (other.Length != values.Length) throw new InvalidOperationException("ranks reduced spans of different lengths");
                for (int i = 0; i < values.Length; i++) values[i] += other[i];
            }
            cluster.Meet();
        }

        public void Broadcast(Span<byte> data, int root)
        {
            if (rank == root) cluster._slots[root] = data.ToArray();
            cluster.Meet();
            var sent = cluster._slots[root]!;
            if (sent.Length != data.Length) throw new InvalidOperationException("ranks broadcast spans of different lengths");
            sent.CopyTo(data);
            cluster.Meet();
        }
    }
}
