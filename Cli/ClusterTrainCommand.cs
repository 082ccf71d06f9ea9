using Word2VecNative.Distributed;
using Word2VecNative.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.Cli;

/// <summary>
/// The training command on one rank of <c>mpirun -np N word2vec ...</c>: every rank checks the flags and the corpus
/// against rank 0's, rank 0 learns (or reads) the vocabulary and sends it to the others, every rank trains its share
/// of the corpus with its threads while the ranks add up each other's changes (<see cref="TrainingHooks.Communicator"/>),
/// and rank 0 alone prints and writes the outputs (the vocabulary too, once the vectors are written). An error on any
/// rank is one line, printed by rank 0, and every rank exits 1.
/// </summary>
internal static class ClusterTrainCommand
{
    public static int Run(string[] args, TextWriter stdout, Stream stdin, TextWriter stderr, ICommunicator cluster, CancellationToken cancellationToken)
    {
        bool first = cluster.Rank == 0;
        var output = first ? stdout : TextWriter.Null;

        // A step every rank runs; when it fails on any (or a rank is cancelled), every rank throws the line of the lowest
        // failed rank (see Collective.Step), so that no rank waits for one that stopped.
        T Agreed<T>(Func<T> step) =>
            Collective.Step(cluster, step, cancellationToken, e => Program.ErrorLine(e) ?? $"ERROR: {e.GetType().Name}: {e.Message}");

        try
        {
            var a = Agreed(() =>
            {
                var parsed = TrainFlags.Table.Parse(args, first ? stderr : TextWriter.Null);
                TrainCommand.CheckArguments(parsed, checkOutputs: first);
                if (parsed.Train == "-") throw new CliError("ERROR: -train - cannot be used under mpirun: every rank reads the corpus file itself");
                if (parsed.Backend is GpuBackend)
                    throw new CliError("ERROR: -backend opencl and cuda cannot be used under mpirun (-device 0,1 trains on several devices of one machine)");
                if (parsed.Options.StopAfterEpoch != null)
                    throw new CliError("ERROR: -stop-after cannot be used under mpirun: the ranks' epochs do not end at one moment");
                return parsed;
            });
            var loaded = Agreed(() => a.LoadModel != null ? Word2VecModel.Load(a.LoadModel, cancellationToken) : null);
            var options = loaded != null ? TrainCommand.ContinuedOptions(loaded.Options!, a.Options, a.Given) : a.Options;
            using var corpus = Agreed(() => CorpusArgument.Open(a.Train!, stdin, cancellationToken));
            var setup = Agreed(() => TrainingSetup.Create(options, corpus));
            Collective.CheckSameRun(cluster, "flags", string.Join('\0', args), corpus, cancellationToken);

            output.Write($"Starting training using file {a.Train}\n");
            output.Flush();
            if (loaded != null)
            {
                // Every rank continues the model it loaded (the check above saw the same flags; the trainer checks
                // that the vocabularies agree and starts every rank from rank 0's weights).
                setup = Agreed(() => TrainCommand.SetVocabulary(a, setup, loaded, corpus, options, output, cancellationToken, saveVocabulary: false));
            }
            else
            {
                Agreed(() => first ? TrainCommand.SetVocabulary(a, setup, null, corpus, options, output, cancellationToken, saveVocabulary: false) : setup);
                var vocabulary = VocabularyExchange.Share(cluster, first ? setup.Vocabulary : null);
                if (!first) setup.UseVocabulary(vocabulary);
            }
            bool writes = a.Output != null || a.SaveModel != null;
            if (!writes)
            {
                Agreed(() => first && a.SaveVocab != null ? Save(setup, a.SaveVocab, cancellationToken) : 0);
                return 0;
            }
            Agreed(() =>
            {
                if (a.Classes > 0 && a.Output != null) Word2VecModel.CheckClasses(a.Classes, setup.Vocabulary.Count);
                return 0;
            });
            SyncSummary? summary = null;
            var hooks = new TrainingHooks { Communicator = cluster, SyncPeriod = a.SyncPeriod, SyncWords = a.SyncWords, OnSynchronised = s => summary = s };
            var model = TrainCommand.Train(a, setup, options, [], loaded, output, cancellationToken, hooks);
            if (a.Debug > 0 && summary is { } done) output.Write((a.Debug > 1 && !a.Timing ? "\n" : "") + done.ToLine());
            // Rank 0 writes; every rank waits for it, so that a failed write fails the whole run.
            Agreed(() =>
            {
                if (!first) return 0;
                TrainCommand.Write(a, model, options, stderr, cancellationToken);
                if (a.SaveVocab != null) Save(setup, a.SaveVocab, cancellationToken);
                return 0;
            });
            output.Flush();
            return 0;
        }
        catch (Word2VecException e) when (Collective.IsOnEveryRank(e))
        {
            if (first) throw; // rank 0 prints it
            return 1;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested && e.InnerException is { } agreed && Collective.IsOnEveryRank(agreed))
        {
            // Cancelled while training (mpirun passes Ctrl-C to every rank), and every rank knows the run ended.
            if (!first) return Program.ExitInterrupted;
            throw;
        }
        catch (Exception e)
        {
            // An error this rank alone has, outside the steps the ranks agree on, or its cancellation: the others may
            // be waiting for it in a collective call, so it ends them all.
            bool cancelled = e is OperationCanceledException && cancellationToken.IsCancellationRequested;
            string line = cancelled ? "ERROR: cancelled" : Program.ErrorLine(e) ?? $"ERROR: {e.GetType().Name}: {e.Message}";
            stdout.Flush();
            stderr.WriteLine(CText.Escape(first ? line : $"{line} (rank {cluster.Rank} of {cluster.Size})"));
            throw new RankAbort(cancelled ? Program.ExitInterrupted : 1, e);
        }
    }

    private static int Save(TrainingSetup setup, string path, CancellationToken cancellationToken)
    {
        setup.Vocabulary.Save(path, cancellationToken);
        return 0;
    }

}

/// <summary>This rank cannot go on and the others may be waiting for it: the process that catches it ends every rank
/// (MPI_Abort) with <see cref="ExitCode"/>. Its line is already printed.</summary>
internal sealed class RankAbort(int exitCode, Exception inner) : Exception(inner.Message, inner)
{
    public int ExitCode { get; } = exitCode;
}
