using System.Text;
using CommandLine;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Cli;

/// <summary>The <c>word2vec</c> training command: C's main/TrainModel, with its messages.</summary>
internal static class TrainCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        if (args.Length == 0)
        {
            stdout.Write(Usage.Train);
            stdout.Write(Usage.Additions);
            return 0;
        }
        var a = Parse<TrainArguments>(CFlags.Translate(args, TrainArguments.Flags));
        var o = a.ToOptions();
        o.Validate();
        var backend = a.GpuBackend;
        if (a.Device < 0) throw new CliError($"ERROR: -device must be 0 or more (got {a.Device})");
        if (string.IsNullOrEmpty(a.Train)) throw new CliError("ERROR: -train <file> is required");
        if (a.Output != null) EnsureWritableDirectory(a.Output);
        if (a.SaveVocab != null) EnsureWritableDirectory(a.SaveVocab);
        // A missing driver or device is reported before the vocabulary pass, not after it.
        if (backend is Gpu.GpuBackend chosen && a.Output != null) Gpu.GpuDevices.Select(chosen, a.Device);

        stdout.Write($"Starting training using file {a.Train}\n");
        stdout.Flush();
        using var corpus = TrainingCorpus.FromFile(a.Train);
        Vocabulary vocab;
        if (a.ReadVocab != null)
        {
            using var vs = OpenInput(a.ReadVocab, "Vocabulary file");
            vocab = Vocabulary.Read(vs, o.MinCount, o.VocabHashSize, a.ReadVocab);
            using (Trainer.OpenCorpus(a.Train)) { }
        }
        else
        {
            vocab = Trainer.LearnVocabulary(corpus, o, o.Debug > 1 ? n => { stdout.Write($"{n / 1000}K\r"); stdout.Flush(); } : null);
        }
        if (o.Debug > 0)
        {
            stdout.Write($"Vocab size: {vocab.Count}\n");
            stdout.Write($"Words in train file: {vocab.TrainWords}\n");
            stdout.Flush();
        }
        if (a.SaveVocab != null) OutputFile.Write(a.SaveVocab, vocab.Save);
        if (a.Output == null) return 0;
        Trainer.EnsureTrainable(vocab, o);

        var progress = o.Debug > 1 ? new LineProgress(stdout) : null;
        var model = backend is Gpu.GpuBackend b
            ? Gpu.GpuTrainer.Train(o, corpus, vocab, b, a.Device, progress)
            : Trainer.Train(o, corpus, vocab, progress);
        if (o.Classes == 0) model.SaveVectors(a.Output, o.Binary);
        else OutputFile.Write(a.Output, s => model.SaveClasses(s, o.Classes, o.Kernel));
        stdout.Flush();
        return 0;
    }

    internal static T Parse<T>(string[] tokens) where T : class
    {
        using var parser = new Parser(s =>
        {
            s.HelpWriter = null;
            s.CaseSensitive = true;
            s.ParsingCulture = System.Globalization.CultureInfo.InvariantCulture;
            s.AutoHelp = false;
            s.AutoVersion = false;
        });
        var result = parser.ParseArguments<T>(tokens);
        if (result is Parsed<T> parsed) return parsed.Value;
        var err = ((NotParsed<T>)result).Errors.FirstOrDefault();
        string msg = err switch
        {
            BadFormatConversionError b => $"ERROR: invalid value '{ValueOf(tokens, b.NameInfo.LongName)}' for -{b.NameInfo.LongName}",
            UnknownOptionError u => $"ERROR: unknown option -{u.Token}",
            MissingValueOptionError m => $"Argument missing for -{m.NameInfo.LongName}",
            NamedError n => $"ERROR: bad value for -{n.NameInfo.LongName}",
            _ => "ERROR: could not parse the arguments",
        };
        throw new CliError(msg);
    }

    private static string ValueOf(string[] tokens, string name)
    {
        string prefix = $"--{name}=";
        return tokens.FirstOrDefault(t => t.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? "";
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
