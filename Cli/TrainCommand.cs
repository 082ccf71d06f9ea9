using System.Diagnostics;
using System.Globalization;
using Word2VecNative.Distributed;
using Word2VecNative.Gpu;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Cli;

/// <summary>The <c>word2vec</c> training command: C's main/TrainModel, with its messages.</summary>
internal static class TrainCommand
{
    public static int Run(string[] args, TextWriter stdout, Stream stdin, TextWriter stderr, CancellationToken cancellationToken,
        ICommunicator? cluster = null)
    {
        if (args.Length == 0)
        {
            if (cluster == null || cluster.Rank == 0)
            {
                stdout.Write(Usage.Train);
                stdout.Write(Usage.Additions);
            }
            return 0;
        }
        if (cluster != null) return ClusterTrainCommand.Run(args, stdout, stdin, stderr, cluster, cancellationToken);
        var a = TrainFlags.Table.Parse(args, stderr);
        CheckArguments(a);
        // A loaded model is read (and a corrupt one refused) before anything is printed.
        var loaded = a.LoadModel != null ? Word2VecModel.Load(a.LoadModel, cancellationToken) : null;
        var options = loaded != null ? ContinuedOptions(loaded.Options!, a.Options, a.Given) : a.Options;
        using var corpus = CorpusArgument.Open(a.Train!, stdin, cancellationToken);
        var setup = TrainingSetup.Create(options, corpus);
        // The devices are opened and the kernels compiled before the corpus is read: a missing driver, a bad -device or
        // options a device cannot train are one line, at once.
        var gpus = new List<GpuSession>();
        try
        {
            if (a.Backend is GpuBackend chosen && a.Output != null)
            {
                foreach (int device in a.Devices)
                {
                    gpus.Add(GpuSession.Open(chosen, device));
                    gpus[^1].Prepare(options);
                }
            }
            return RunOpen(a, loaded, options, setup, corpus, gpus, stdout, stderr, cancellationToken);
        }
        finally
        {
            foreach (var gpu in gpus) gpu.Dispose();
        }
    }

    /// <summary>The run once the devices, if any, are open: the vocabulary, training and the outputs.</summary>
    private static int RunOpen(TrainArguments a, Word2VecModel? loaded, TrainingOptions options, TrainingSetup setup, TrainingCorpus corpus,
        List<GpuSession> gpus, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        bool writes = a.Output != null || a.SaveModel != null;

        stdout.Write($"Starting training using file {a.Train}\n");
        stdout.Flush();
        setup = SetVocabulary(a, setup, loaded, corpus, options, stdout, cancellationToken);
        if (!writes) return 0;
        if (a.Classes > 0 && a.Output != null) Word2VecModel.CheckClasses(a.Classes, setup.Vocabulary.Count);
        var model = Train(a, setup, options, gpus, loaded, stdout, cancellationToken);
        Write(a, model, options, stderr, cancellationToken);
        stdout.Flush();
        return 0;
    }

    /// <summary>What is checked before any file is read: -train given, flags that do not combine, and the files the run
    /// writes (none may be another file it reads or writes, and each must be writable where it is).</summary>
    internal static void CheckArguments(TrainArguments a, bool checkOutputs = true)
    {
        if (string.IsNullOrEmpty(a.Train)) throw new CliError("ERROR: -train <file> is required");
        if (a.Backend != null && (a.SaveModel != null || a.LoadModel != null || OptionTraits.RefusedOnGpu(a.Options).Count > 0))
            throw new CliError("ERROR: -save-model, -load-model, -stop-after and -compute-loss need -backend cpu");
        if (a.LoadModel != null && a.ReadVocab != null)
            throw new CliError("ERROR: -read-vocab and -load-model cannot be used together: a loaded model brings its vocabulary");
        if (a.LoadModel != null && (a.Options.MaxVocabSize != null || a.Options.MaxFinalVocab != null))
            throw new CliError($"ERROR: {(a.Options.MaxVocabSize != null ? "-max-vocab-size" : "-max-final-vocab")} and -load-model cannot be used together: a loaded model keeps its vocabulary");
        RefuseSameFile(
            [("train", a.Train, false), ("read-vocab", a.ReadVocab, false), ("load-model", a.LoadModel, false),
             ("output", a.Output, true), ("save-vocab", a.SaveVocab, true), ("save-model", a.SaveModel, true)],
            [("read-vocab", "save-vocab"), ("load-model", "save-model")]);
        CorpusArgument.RefuseOutputsInFolder(a.Train, [("output", a.Output), ("save-vocab", a.SaveVocab), ("save-model", a.SaveModel)]);
        if (!checkOutputs) return; // a rank other than 0 under mpirun writes nothing
        if (a.Output != null) EnsureWritableDirectory(a.Output);
        if (a.SaveVocab != null) EnsureWritableDirectory(a.SaveVocab);
        if (a.SaveModel != null) EnsureWritableDirectory(a.SaveModel);
    }

    /// <summary>The vocabulary of the run: the loaded model's, the one -read-vocab reads, or one learnt from the corpus;
    /// then what -debug 1 prints of it, and -save-vocab. Returns the setup to train (a continued model's own).</summary>
    internal static TrainingSetup SetVocabulary(TrainArguments a, TrainingSetup setup, Word2VecModel? loaded, TrainingCorpus corpus,
        TrainingOptions options, TextWriter stdout, CancellationToken cancellationToken, bool saveVocabulary = true)
    {
        if (loaded != null)
        {
            // The model's vocabulary; the words an epoch reads are its plan's or, for a new plan, counted in the corpus,
            // which must hold something to train.
            setup = TrainingSetup.Continue(loaded, corpus, options, inPlace: true, cancellationToken);
        }
        else if (a.ReadVocab != null)
        {
            using (var vs = OpenInput(a.ReadVocab, "Vocabulary file"))
                setup.UseVocabulary(Vocabulary.Read(vs, a.Options, a.ReadVocab));
            using (corpus.Open(cancellationToken)) { }
        }
        else
        {
            setup.LearnVocabulary(a.Debug > 1 ? n => { stdout.Write($"{n / 1000}K\r"); stdout.Flush(); } : null, cancellationToken);
        }
        var vocab = setup.Vocabulary;
        if (a.Debug > 0)
        {
            stdout.Write($"Vocab size: {vocab.Count}\n");
            stdout.Write($"Words in train file: {setup.WordsPerEpoch}\n");
            stdout.Flush();
        }
        if (a.SaveVocab != null && saveVocabulary) vocab.Save(a.SaveVocab, cancellationToken);
        return setup;
    }

    /// <summary>Trains, on the device or the CPU, with the progress line (-debug 2), the loss (-compute-loss 1) and the
    /// timing line (-timing 1).</summary>
    internal static Word2VecModel Train(TrainArguments a, TrainingSetup setup, TrainingOptions options, List<GpuSession> gpus, Word2VecModel? loaded,
        TextWriter stdout, CancellationToken cancellationToken, TrainingHooks? hooks = null)
    {
        // What learning the vocabulary allocated and let go (the counting table, the words read) goes back to the
        // system before the matrices are allocated, so the run's peak is the larger of the two phases, not their sum.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var progress = a.Debug > 1 || options.ComputeLoss || a.Timing ? new LineProgress(a.Debug > 1 ? stdout : null, options.ComputeLoss) : null;
        var clock = Stopwatch.StartNew();
        var model = gpus.Count > 0
            ? GpuTrainer.Train(setup, gpus, progress, cancellationToken)
            : Trainer.Train(setup, progress, cancellationToken, hooks);
        double seconds = clock.Elapsed.TotalSeconds;
        if (options.ComputeLoss && a.Debug > 0 && progress?.Last is TrainingProgress last)
            stdout.Write(string.Create(CultureInfo.InvariantCulture, $"\nTraining loss: {last.Loss:F1}\n"));
        if (a.Timing)
        {
            // A continued plan's count starts at the words it had done; a new plan's at 0.
            long start = loaded?.State is { IsComplete: false } state ? state.WordsProcessed : 0;
            // After the progress line (debug 2) the line starts on a new line, as C's loss line does.
            if (a.Debug > 1) stdout.Write('\n');
            stdout.Write(TimingLine((progress?.Last?.WordsProcessed ?? start) - start, seconds));
        }
        return model;
    }

    /// <summary>Writes the vectors or classes (-output) and the model (-save-model); vectors that hold NaN or infinite
    /// values are refused, or written with a warning under -allow-nonfinite 1.</summary>
    internal static void Write(TrainArguments a, Word2VecModel model, TrainingOptions options, TextWriter stderr, CancellationToken cancellationToken)
    {
        int nonFinite = model.CountNonFiniteVectors();
        if (nonFinite > 0)
        {
            string what = $"training diverged: {nonFinite} of the {model.Vocabulary.Count} word vectors hold NaN or infinite values (lower -alpha)";
            if (!a.AllowNonFinite) throw new CliError($"ERROR: {what}; nothing was written (-allow-nonfinite 1 writes them anyway)");
            stderr.WriteLine($"WARNING: {what}; writing them as -allow-nonfinite asks");
        }
        if (a.Output != null)
        {
            if (a.Classes == 0) model.SaveVectors(a.Output, a.Binary, cancellationToken);
            else model.SaveClasses(a.Output, a.Classes, options.Arithmetic, cancellationToken);
        }
        if (a.SaveModel != null) model.Save(a.SaveModel, cancellationToken);
    }

    /// <summary>What <c>-timing 1</c> prints after training: the training phase's seconds (from the end of the vocabulary
    /// pass to the trained model, before anything is written) and the words it trained per second.</summary>
    internal static string TimingLine(long words, double seconds) => string.Create(CultureInfo.InvariantCulture,
        $"Training time: {seconds:F3} s, {words} words, {(seconds > 0 ? words / seconds : 0):F0} words/s\n");

    /// <summary>The options of a run continuing a loaded model: the model's, except what the command line gives
    /// (<paramref name="given"/>, flag names) and what belongs to one run only (<see cref="OptionRole.RunOnly"/>: the loss,
    /// -stop-after), which is this run's. The engine then refuses a change to a setting that defines the model, or to
    /// a plan in progress.</summary>
    internal static TrainingOptions ContinuedOptions(TrainingOptions model, TrainingOptions parsed, IReadOnlySet<string> given)
    {
        var o = model;
        foreach (var t in OptionTraits.All)
        {
            if (t.Role == OptionRole.RunOnly || t.Flags.Any(given.Contains)) o = t.CopyValue(parsed, o);
        }
        return o;
    }

    internal static FileStream OpenInput(string path, string what)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"ERROR: {what} {path} not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliError($"ERROR: cannot read {what.ToLowerInvariant()} {path}: {e.Message}");
        }
    }

    /// <summary>Throws when a file the command writes is also another file it reads or writes (links followed, hard
    /// links included): the C tool would silently lose one of them. Two inputs may be one file, and so may the pairs
    /// in <paramref name="allowed"/>, where the output is written (atomically) after the input was read whole:
    /// -load-model and -save-model naming one file continue a model in place.</summary>
    internal static void RefuseSameFile((string Flag, string? Path, bool Written)[] files, (string Read, string Written)[] allowed)
    {
        for (int i = 0; i < files.Length; i++)
        {
            for (int j = i + 1; j < files.Length; j++)
            {
                var (x, y) = (files[i], files[j]);
                if (x.Path == null || y.Path == null || (!x.Written && !y.Written)) continue;
                if (allowed.Contains((x.Flag, y.Flag)) || allowed.Contains((y.Flag, x.Flag))) continue;
                if (FilePaths.SameFile(x.Path, y.Path))
                {
                    throw new CliError($"ERROR: -{x.Flag} and -{y.Flag} name the same file ({CText.Printable(y.Path)}); " +
                        (x.Written ? "both would be written to it and one lost" : $"writing -{y.Flag} would destroy it"));
                }
            }
        }
    }

    internal static void EnsureWritableDirectory(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null && !Directory.Exists(dir)) throw new CliError($"ERROR: cannot write {path}: directory {dir} does not exist");
        if (Directory.Exists(path)) throw new CliError($"ERROR: cannot write {path}: it is a directory");
    }

    /// <summary>Prints the C progress line as training reports it (to <paramref name="w"/>, if any), the loss after it
    /// with <paramref name="loss"/>, and keeps the last report.</summary>
    private sealed class LineProgress(TextWriter? w, bool loss) : IProgress<TrainingProgress>
    {
        public TrainingProgress? Last { get; private set; }

        public void Report(TrainingProgress value)
        {
            Last = value;
            if (w == null) return;
            w.Write(value.ToCLine());
            if (loss) w.Write(string.Create(CultureInfo.InvariantCulture, $"Loss: {value.Loss:F1}  "));
            w.Flush();
        }
    }
}
