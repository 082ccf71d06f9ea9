using Word2VecNative.Gpu;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Cli;

/// <summary>The <c>word2vec</c> training command: C's main/TrainModel, with its messages.</summary>
internal static class TrainCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            stdout.Write(Usage.Train);
            stdout.Write(Usage.Additions);
            return 0;
        }
        var a = TrainFlags.Table.Parse(args);
        if (string.IsNullOrEmpty(a.Train)) throw new CliError("ERROR: -train <file> is required");
        if (a.Output != null) EnsureWritableDirectory(a.Output);
        if (a.SaveVocab != null) EnsureWritableDirectory(a.SaveVocab);
        using var corpus = TrainingCorpus.FromFile(a.Train);
        var setup = TrainingSetup.Create(a.Options, corpus);
        // A missing driver or device is reported before the vocabulary pass, not after it.
        if (a.Backend is GpuBackend chosen && a.Output != null) GpuDevices.Select(chosen, a.Device);

        stdout.Write($"Starting training using file {a.Train}\n");
        stdout.Flush();
        if (a.ReadVocab != null)
        {
            using (var vs = OpenInput(a.ReadVocab, "Vocabulary file"))
                setup.UseVocabulary(Vocabulary.Read(vs, a.Options.MinCount, a.Options.VocabHashSize, a.ReadVocab));
            using (corpus.Open()) { }
        }
        else
        {
            setup.LearnVocabulary(a.Debug > 1 ? n => { stdout.Write($"{n / 1000}K\r"); stdout.Flush(); } : null, cancellationToken);
        }
        var vocab = setup.Vocabulary;
        if (a.Debug > 0)
        {
            stdout.Write($"Vocab size: {vocab.Count}\n");
            stdout.Write($"Words in train file: {vocab.TrainWords}\n");
            stdout.Flush();
        }
        if (a.SaveVocab != null) vocab.Save(a.SaveVocab, cancellationToken);
        if (a.Output == null) return 0;
        if (a.Classes > 0) Word2VecModel.CheckClasses(a.Classes, vocab.Count);

        var progress = a.Debug > 1 ? new LineProgress(stdout) : null;
        var model = a.Backend is GpuBackend b
            ? GpuTrainer.Train(setup, b, a.Device, progress, cancellationToken)
            : Trainer.Train(setup, progress, cancellationToken);
        int nonFinite = model.CountNonFiniteVectors();
        if (nonFinite > 0)
        {
            string what = $"training diverged: {nonFinite} of the {vocab.Count} word vectors hold NaN or infinite values (lower -alpha)";
            if (!a.AllowNonFinite) throw new CliError($"ERROR: {what}; nothing was written (-allow-nonfinite 1 writes them anyway)");
            stderr.WriteLine($"WARNING: {what}; writing them as -allow-nonfinite asks");
        }
        if (a.Classes == 0) model.SaveVectors(a.Output, a.Binary, cancellationToken);
        else model.SaveClasses(a.Output, a.Classes, a.Options.Arithmetic, cancellationToken);
        stdout.Flush();
        return 0;
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

    internal static void EnsureWritableDirectory(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null && !Directory.Exists(dir)) throw new CliError($"ERROR: cannot write {path}: directory {dir} does not exist");
        if (Directory.Exists(path)) throw new CliError($"ERROR: cannot write {path}: it is a directory");
    }

    /// <summary>Prints the C progress line as training reports it.</summary>
    private sealed class LineProgress(TextWriter w) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            w.Write(value.ToCLine());
            w.Flush();
        }
    }
}
