using Word2VecNative.Distributed;
using Word2VecNative.Training;

namespace ReadmeSnippets;

/// <summary>README.md, "## Training on several machines": a service that trains across MPI's ranks when an MPI
/// launcher started it, and alone otherwise. The block as written is the body of <see cref="Run"/>, in a file with the
/// block's using lines only (ReadmeExampleTests checks that the block is here word for word, and runs it: without a
/// launcher, as one process).</summary>
internal static class SeveralMachines
{
    public static void Run()
    {
        // --- README example ---
        var options = new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 };
        using var mpi = MpiCommunicator.LaunchedSize > 1 ? MpiCommunicator.Initialize() : null;  // mpirun -np N: N ranks
        var hooks = new TrainingHooks { Communicator = mpi, SyncPeriod = TimeSpan.FromSeconds(0.1) };
        Word2VecModel model = Trainer.Train(options, "corpus.txt", hooks: hooks);   // every rank: the same model
        if (mpi is null || mpi.Rank == 0) model.SaveVectors("cluster.bin", binary: true);
        // --- end ---
    }
}
