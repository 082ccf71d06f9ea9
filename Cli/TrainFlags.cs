using System.Globalization;
using Word2VecNative.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.Cli;

/// <summary>What the training command's flags set: the <see cref="TrainingOptions"/>, and what only the command
/// line has (files, output format, messages, where to train).</summary>
internal sealed class TrainArguments : IGivenFlags
{
    /// <summary>The C tool's number of threads: the library's default is the processor count, the command's is C's.</summary>
    public const int CThreads = 12;

    public TrainingOptions Options { get; set; } = new() { Threads = CThreads };
    public string? Train { get; set; }
    public string? Output { get; set; }
    public bool Binary { get; set; }
    public int Classes { get; set; }
    public int Debug { get; set; } = 2;
    public string? SaveVocab { get; set; }
    public string? ReadVocab { get; set; }
    public GpuBackend? Backend { get; set; }
    /// <summary>The devices of -backend opencl or cuda: one, or several that train data parallel.</summary>
    public int[] Devices { get; set; } = [0];
    public bool AllowNonFinite { get; set; }
    public bool Timing { get; set; }
    public string? SaveModel { get; set; }
    public string? LoadModel { get; set; }
    /// <summary>Under mpirun: how often the ranks add up their changes to the weights.</summary>
    public TimeSpan SyncPeriod { get; set; } = TrainingHooks.DefaultSyncPeriod;
    /// <summary>Under mpirun: the most words the other ranks train before a rank sees their changes.</summary>
    public long SyncWords { get; set; } = TrainingHooks.DefaultSyncWords;

    /// <summary>The flags the command line gave (<c>size</c>, <c>iter</c>): a loaded model's settings give way to them.</summary>
    public IReadOnlySet<string> Given { get; set; } = new HashSet<string>();
}

/// <summary>The training command's flags: word2vec.c's, with its names, help and defaults (the defaults of
/// <see cref="TrainingOptions"/>), then this tool's additions. Parsing, the usage text and the README's flag
/// table are all made from this one table.</summary>
internal static class TrainFlags
{
    private static readonly TrainArguments s_cliDefaults = new();
    private static readonly TrainingOptions s_defaults = s_cliDefaults.Options;

    private static string Inv(object v) => Convert.ToString(v, CultureInfo.InvariantCulture)!;

    /// <summary>C's way of writing a small default: 1e-3 rather than 0.001.</summary>
    private static string Scientific(float v) => v.ToString("0.###e-0", CultureInfo.InvariantCulture);

    /// <summary>The arithmetic after <c>-exact</c> or <c>-batch</c> (<paramref name="flag"/>) is given <paramref name="on"/>
    /// or off: on selects it, off returns to the fast mode only from it; the other one on is an error.</summary>
    private static Arithmetic ChooseArithmetic(Arithmetic current, Arithmetic flag, bool on)
    {
        if (!on) return current == flag ? Arithmetic.Fast : current;
        if (current != Arithmetic.Fast && current != flag)
            throw new CliError("ERROR: -exact 1 and -batch 1 do not combine (exact is the C tool's arithmetic, batched is not)");
        return flag;
    }

    /// <summary>The <c>-strict</c> flag, the same in every table that has it (<see cref="FlagTable{TArgs}.Parse"/> reads
    /// it before the others).</summary>
    public static Flag<T> StrictFlag<T>() => new(CommandLineNotes.StrictFlag, "<int>",
        "Refuse what the C tool ignores or reads loosely (an unknown option, a stray argument, a flag given twice, a number with characters after it) instead of warning and going on; default is {0}",
        "refuse what the C tool ignores (unknown options, stray arguments, a flag given twice, `20abc`) instead of a warning",
        () => "0", (_, _) => { }, FlagSection.Additions);

    public static readonly FlagTable<TrainArguments> Table = new(
    [
        new("train", "<file>", "Use text data from <file> to train the model",
            "training text: words separated by spaces, tabs or newlines; a newline ends a sentence", () => "(required)",
            (a, v) => a.Train = v.File()),
        new("output", "<file>", "Use <file> to save the resulting word vectors / word clusters",
            "word vectors, or word classes with `-classes`; without it only the vocabulary is built", () => "none",
            (a, v) => a.Output = v.File()),
        new("size", "<int>", "Set size of word vectors; default is {0}",
            "vector dimension", () => Inv(s_defaults.Size),
            (a, v) => a.Options = a.Options with { Size = v.Int() }),
        new("window", "<int>", "Set max skip length between words; default is {0}",
            "maximum skip length between words", () => Inv(s_defaults.Window),
            (a, v) => a.Options = a.Options with { Window = v.Int() }),
        new("sample", "<float>", "Set threshold for occurrence of words. Those that appear with higher frequency in the training data\n\t\twill be randomly down-sampled; default is {0}, useful range is (0, 1e-5)",
            "down-sampling threshold for frequent words (0 = off)", () => Scientific(s_defaults.Sample),
            (a, v) => a.Options = a.Options with { Sample = v.Float() }),
        new("hs", "<int>", "Use Hierarchical Softmax; default is {0} (not used)",
            "hierarchical softmax", () => s_defaults.HierarchicalSoftmax ? "1" : "0",
            (a, v) => a.Options = a.Options with { HierarchicalSoftmax = v.Int() != 0 }),
        new("negative", "<int>", "Number of negative examples; default is {0}, common values are 3 - 10 (0 = not used)",
            "negative examples (0 = off); with `-hs 1` both are trained", () => Inv(s_defaults.Negative),
            (a, v) => a.Options = a.Options with { Negative = v.Int() }),
        new("threads", "<int>", "Use <int> threads (default {0})",
            "worker threads", () => Inv(s_defaults.Threads),
            (a, v) => a.Options = a.Options with { Threads = v.Int() }),
        new("iter", "<int>", "Run more training iterations (default {0})",
            "epochs", () => Inv(s_defaults.Iterations),
            (a, v) => a.Options = a.Options with { Iterations = v.Int() }),
        new("min-count", "<int>", "This will discard words that appear less than <int> times; default is {0}",
            "discard words seen fewer times", () => Inv(s_defaults.MinCount),
            (a, v) => a.Options = a.Options with { MinCount = v.Int() }),
        new("alpha", "<float>", "Set the starting learning rate; default is {0}",
            "starting learning rate",
            () => $"{Inv((s_defaults with { Cbow = false }).StartingAlpha)} for skip-gram and {Inv((s_defaults with { Cbow = true }).StartingAlpha)} for CBOW",
            (a, v) => a.Options = a.Options with { Alpha = v.Float() }),
        new("classes", "<int>", "Output word classes rather than word vectors; default number of classes is {0} (vectors are written)",
            "write k-means word classes instead of vectors (at most the vocabulary size)", () => Inv(s_cliDefaults.Classes),
            (a, v) =>
            {
                a.Classes = v.Int();
                if (a.Classes < 0) throw new CliError($"ERROR: -classes must be 0 or more (got {a.Classes})");
            }),
        new("debug", "<int>", "Set the debug mode (default = {0} = more info during training)",
            "0 quiet, 1 summary, 2 progress line", () => Inv(s_cliDefaults.Debug),
            (a, v) => a.Debug = v.Int()),
        new("binary", "<int>", "Save the resulting vectors in binary moded; default is {0} (off)",
            "binary vectors", () => s_cliDefaults.Binary ? "1" : "0",
            (a, v) => a.Binary = v.Int() != 0),
        new("save-vocab", "<file>", "The vocabulary will be saved to <file>",
            "write the vocabulary (\"word count\" lines)", () => "none",
            (a, v) => a.SaveVocab = v.File()),
        new("read-vocab", "<file>", "The vocabulary will be read from <file>, not constructed from the training data",
            "read the vocabulary instead of learning it", () => "none",
            (a, v) => a.ReadVocab = v.File()),
        new("cbow", "<int>", "Use the continuous bag of words model; default is {0} (use 0 for skip-gram model)",
            "1 CBOW, 0 skip-gram", () => s_defaults.Cbow ? "1" : "0",
            (a, v) => a.Options = a.Options with { Cbow = v.Int() != 0 }),
        new("exact", "<int>", "Scalar arithmetic in the C tool's order; with -threads 1 the output is byte-identical to the C tool's; default is {0}",
            "scalar C arithmetic: with `-threads 1` output byte-identical to the C tool's", () => s_defaults.Arithmetic == Arithmetic.Exact ? "1" : "0",
            (a, v) => a.Options = a.Options with { Arithmetic = ChooseArithmetic(a.Options.Arithmetic, Arithmetic.Exact, v.Int() != 0) },
            FlagSection.Additions),
        new("batch", "<int>", "Skip-gram trains each window at once as small matrix products (faster; not the C tool's arithmetic: a window shares one draw of negatives); CBOW is unchanged; default is {0}",
            "batched skip-gram: a window at a time, sharing its negatives (faster, not C's arithmetic; see Exact and fast modes)", () => s_defaults.Arithmetic == Arithmetic.Batched ? "1" : "0",
            (a, v) => a.Options = a.Options with { Arithmetic = ChooseArithmetic(a.Options.Arithmetic, Arithmetic.Batched, v.Int() != 0) },
            FlagSection.Additions),
        new("backend", "<cpu|opencl|cuda>", "Train on the CPU (default) or on a device through OpenCL or CUDA; -threads, -exact and -batch apply to cpu only",
            "where to train (see GPU training)", () => "cpu",
            (a, v) => a.Backend = v.Text switch
            {
                "cpu" => null,
                "opencl" => GpuBackend.OpenCl,
                "cuda" => GpuBackend.Cuda,
                _ => throw FlagValue.Invalid("-backend", v.Text, "use cpu, opencl or cuda"),
            },
            FlagSection.Additions),
        new("device", "<int>", "Device index for -backend opencl or cuda, as 'word2vec devices' lists them, or several separated by commas (data parallel); default is {0}",
            "which device of the backend (`word2vec devices` lists them); several, separated by commas (`0,1`), train data parallel", () => "0",
            (a, v) => a.Devices = DeviceList(v),
            FlagSection.Additions),
        new("allow-nonfinite", "<int>", "Write the output even when training diverged and vectors hold NaN or infinite values (the C tool writes them silently); default is {0} (refuse, exit 1)",
            "write vectors that hold NaN or infinite values (a diverged run) instead of refusing", () => s_cliDefaults.AllowNonFinite ? "1" : "0",
            (a, v) => a.AllowNonFinite = v.Int() != 0,
            FlagSection.Additions),
        new("timing", "<int>", "After training, print the training phase's seconds and words per second (the vocabulary pass and writing the output excluded); default is {0} (off)",
            "print the training phase's seconds and words/s at the end (not in the C tool's output)", () => s_cliDefaults.Timing ? "1" : "0",
            (a, v) => a.Timing = v.Int() != 0,
            FlagSection.Additions),
        new("save-model", "<file>", "Save the whole model (vocabulary with counts, all weights, settings and training state) to <file>, to continue it with -load-model",
            "write the whole model (all weights, settings, training state) to continue it later", () => "none",
            (a, v) => a.SaveModel = v.File(),
            FlagSection.Additions),
        new("load-model", "<file>", "Continue training a model saved with -save-model: the rest of its plan, or a new plan of -iter epochs if it is finished; its vocabulary and settings apply (flags may change -threads, -exact and a new plan's -iter, -alpha, -min-alpha)",
            "continue a saved model (see Continued training)", () => "none",
            (a, v) => a.LoadModel = v.File(),
            FlagSection.Additions),
        new("stop-after", "<int>", "Stop after epoch <int> of the -iter planned, the learning rate following the whole plan (-save-model, then -load-model continues it); default is {0}",
            "stop after this epoch of the `-iter` planned, rates as for the whole plan", () => "0 (every epoch)",
            (a, v) => a.Options = a.Options with { StopAfterEpoch = v.ZeroIsNone() },
            FlagSection.Additions),
        new("compute-loss", "<int>", "Sum the training loss as gensim's compute_loss does and show it in the progress line and at the end; default is {0}",
            "sum the training loss (gensim's `compute_loss`) and show it", () => s_defaults.ComputeLoss ? "1" : "0",
            (a, v) => a.Options = a.Options with { ComputeLoss = v.Int() != 0 },
            FlagSection.Additions),
        new("seed", "<int>", "Seed of the generators: the initial vectors start from <int>, training thread i from <int> - 1 + i; default is {0} (the C tool's)",
            "seed: initial vectors from it, thread i from seed - 1 + i", () => Inv(s_defaults.Seed),
            (a, v) => a.Options = a.Options with { Seed = v.ULong() },
            FlagSection.Additions),
        new("init-range", "<float>", "Initial word vectors are uniform in +-<float>/size; default is {0} (the C tool's; gensim's is 1)",
            "initial vectors uniform in ±value/size (gensim: 1)", () => Inv(s_defaults.InitialRange),
            (a, v) => a.Options = a.Options with { InitialRange = v.Float() },
            FlagSection.Additions),
        new("min-alpha", "<float>", "Final learning rate, reached linearly at the end of the run (gensim's min_alpha); default is the C tool's: linear toward 0, never below alpha * 0.0001",
            "final learning rate, reached linearly (gensim's `min_alpha`)", () => "C's: toward 0, floor alpha × 0.0001",
            (a, v) => a.Options = a.Options with { MinAlpha = v.Float() },
            FlagSection.Additions),
        new("sync-period", "<float>", "Under mpirun: seconds between two synchronisations of the ranks' weights (at least as long as the last one took); default is {0}",
            "under `mpirun`, seconds between two synchronisations of the ranks' weights (see Training on several machines)", () => Inv(TrainingHooks.DefaultSyncPeriod.TotalSeconds),
            (a, v) =>
            {
                float seconds = v.Float();
                if (!(seconds >= 0.001f) || seconds > 86400) throw new CliError($"ERROR: -sync-period must be from 0.001 to 86400 seconds (got {CText.Printable(v.Text)})");
                a.SyncPeriod = TimeSpan.FromSeconds(seconds);
            },
            FlagSection.Additions),
        new("sync-words", "<int>", "Under mpirun: the most words the other ranks together train before a rank sees their changes; a rank that gets that far ahead waits for the next synchronisation (0 = no bound); default is {0}",
            "under `mpirun`, the most words the other ranks train before a rank sees their changes (0 = no bound)", () => Inv(TrainingHooks.DefaultSyncWords),
            (a, v) =>
            {
                int words = v.Int();
                if (words < 0) throw new CliError($"ERROR: -sync-words must be 0 or more (got {words})");
                a.SyncWords = words;
            },
            FlagSection.Additions),
        StrictFlag<TrainArguments>(),
        new("max-vocab-size", "<int>", "While the vocabulary is learnt, reduce it as the C tool does when its hash table fills (drop the rarest words, raising the bar each time) whenever it holds more than <int> words (gensim's max_vocab_size); default is {0}",
            "reduce the vocabulary as it is counted whenever it holds more words (gensim's `max_vocab_size`)", () => "0 (no limit)",
            (a, v) => a.Options = a.Options with { MaxVocabSize = v.ZeroIsNone() },
            FlagSection.Additions),
        new("max-final-vocab", "<int>", "Keep at most <int> words, raising -min-count as needed (gensim's max_final_vocab); default is {0}",
            "keep at most this many words, raising `-min-count` as needed (gensim's `max_final_vocab`)", () => "0 (no limit)",
            (a, v) => a.Options = a.Options with { MaxFinalVocab = v.ZeroIsNone() },
            FlagSection.Additions),
    ]);

    /// <summary>-device: one index (read as C reads a number), or several separated by commas, each given once.</summary>
    private static int[] DeviceList(FlagValue v)
    {
        if (!v.Text.Contains(','))
        {
            int one = v.Int();
            if (one < 0) throw new CliError($"ERROR: -device must be 0 or more (got {one})");
            return [one];
        }
        var devices = new List<int>();
        foreach (string piece in v.Text.Split(','))
        {
            if (!int.TryParse(piece, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw new CliError($"ERROR: -device takes device indices separated by commas (got {CText.Printable(v.Text)})");
            if (devices.Contains(index)) throw new CliError($"ERROR: -device names device {index} twice");
            devices.Add(index);
        }
        return [.. devices];
    }
}
