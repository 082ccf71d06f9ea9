namespace Word2VecNative.Distributed;

/// <summary>
/// The processes of one training run across processes or machines, as an MPI communicator sees them: each process
/// has a <see cref="Rank"/> among <see cref="Size"/>, and every operation here is collective (every process calls it,
/// in the same order, with the same lengths). <see cref="MpiCommunicator"/> is the one over MPI; a service may pass
/// its own (over another transport, or in-process for tests).
/// <para>The trainer calls these from one thread at a time, but not always the same thread (training synchronises
/// from a thread of its own): an MPI implementation needs MPI_THREAD_SERIALIZED.</para>
/// </summary>
public interface ICommunicator
{
    /// <summary>This process's rank, 0 to <see cref="Size"/> - 1. Rank 0 learns the vocabulary and, in the command,
    /// writes the outputs.</summary>
    int Rank { get; }

    /// <summary>The number of processes.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> with their sum over every process (MPI_Allreduce, MPI_SUM, in place);
    /// every process gets the same sum.</summary>
    void AllreduceSum(Span<float> values);

    /// <summary>Replaces <paramref name="values"/> with their sum over every process (MPI_Allreduce, MPI_SUM, in place).</summary>
    void AllreduceSum(Span<double> values);

    /// <summary>Copies <paramref name="data"/> of process <paramref name="root"/> into every other process's
    /// <paramref name="data"/> (MPI_Bcast); every process passes a span of the same length.</summary>
    void Broadcast(Span<byte> data, int root);
}
