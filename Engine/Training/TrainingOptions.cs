using System.Globalization;

namespace Word2VecNative.Training;

/// <summary>
/// The training settings of word2vec.c, with its defaults (but <see cref="Threads"/>, which is the machine's processor
/// count), documented under its flag names. Each value is checked where it is set: an invalid one throws
/// <see cref="ArgumentOutOfRangeException"/> whose <see cref="ArgumentException.ParamName"/> is the property's name and
/// whose message names the flag (<c>-size must be a positive integer (got 0)</c>), so an instance always holds valid
/// values. The rules that involve two settings (something must be trained: <see cref="HierarchicalSoftmax"/> or
/// <see cref="Negative"/> &gt; 0; <see cref="MinAlpha"/> and <see cref="StopAfterEpoch"/> within their bounds) are
/// checked when training starts, as <see cref="ArgumentException"/> naming one of the properties.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Largest accepted <see cref="Size"/>.</summary>
    public const int MaxSize = 100_000;

    /// <summary>Largest accepted <see cref="Window"/>: C computes <c>window * 2 + 1</c> in an int (it overflows from
    /// 2^30), and visits 2 × window positions for every word trained whatever the sentence's length (at most
    /// C's MAX_SENTENCE_LENGTH, <see cref="DeviceTables.MaxSentenceLength"/> words), so a window of millions trains for
    /// hours.</summary>
    public const int MaxWindow = 100_000;

    /// <summary>Largest accepted <see cref="Negative"/>.</summary>
    public const int MaxNegative = 1000;

    /// <summary>Largest accepted <see cref="Threads"/>.</summary>
    public const int MaxThreads = 4096;

    /// <summary>-size: dimension of the word vectors.</summary>
    public int Size
    {
        get;
        init
        {
            if (value <= 0) Fail(nameof(Size), "-size", "must be a positive integer", value);
            if (value > MaxSize) Fail(nameof(Size), "-size", $"is too large (at most {MaxSize})", value);
            field = value;
        }
    } = 100;

    /// <summary>-window: maximum skip length between words.</summary>
    public int Window
    {
        get;
        init
        {
            if (value <= 0) Fail(nameof(Window), "-window", "must be a positive integer", value);
            if (value > MaxWindow) Fail(nameof(Window), "-window", $"is too large (at most {MaxWindow})", value);
            field = value;
        }
    } = 5;

    /// <summary>-sample: threshold for down-sampling frequent words (0 = off).</summary>
    public float Sample
    {
        get;
        init
        {
            if (!(value >= 0) || float.IsInfinity(value)) Fail(nameof(Sample), "-sample", "must be 0 or more", value);
            field = value;
        }
    } = 1e-3f;

    /// <summary>-hs: use hierarchical softmax.</summary>
    public bool HierarchicalSoftmax { get; init; }

    /// <summary>-negative: number of negative examples (0 = off).</summary>
    public int Negative
    {
        get;
        init
        {
            if (value < 0) Fail(nameof(Negative), "-negative", "must be 0 or more", value);
            if (value > MaxNegative) Fail(nameof(Negative), "-negative", $"is too large (at most {MaxNegative})", value);
            field = value;
        }
    } = 5;

    /// <summary>-threads: worker threads; the processor count by default (the command's default is the C tool's 12).</summary>
    public int Threads
    {
        get;
        init
        {
            if (value <= 0) Fail(nameof(Threads), "-threads", "must be a positive integer", value);
            if (value > MaxThreads) Fail(nameof(Threads), "-threads", $"is too large (at most {MaxThreads})", value);
            field = value;
        }
    } = Math.Min(MaxThreads, Environment.ProcessorCount);

    /// <summary>-iter: training epochs.</summary>
    public int Iterations
    {
        get;
        init
        {
            if (value <= 0) Fail(nameof(Iterations), "-iter", "must be a positive integer", value);
            field = value;
        }
    } = 5;

    /// <summary>-min-count: discard words seen fewer times.</summary>
    public int MinCount
    {
        get;
        init
        {
            if (value < 0) Fail(nameof(MinCount), "-min-count", "must be 0 or more", value);
            field = value;
        }
    } = 5;

    /// <summary>-alpha: starting learning rate; null means the C default (0.05 for CBOW, 0.025 for skip-gram).</summary>
    public float? Alpha
    {
        get;
        init
        {
            if (value is float a && !(a > 0 && float.IsFinite(a))) Fail(nameof(Alpha), "-alpha", "must be a positive number", a);
            field = value;
        }
    }

    /// <summary>-cbow: continuous bag of words (true) or skip-gram (false).</summary>
    public bool Cbow { get; init; } = true;

    /// <summary>-exact, -batch: the CPU trainer's arithmetic (see <see cref="Training.Arithmetic.Exact"/> and
    /// <see cref="Training.Arithmetic.Batched"/>).</summary>
    public Arithmetic Arithmetic
    {
        get;
        init
        {
            if (!Enum.IsDefined(value)) Fail(nameof(Arithmetic), "-exact", "is not a known arithmetic", value);
            field = value;
        }
    } = Arithmetic.Fast;

    /// <summary>-seed: where the generators start. C's InitNet draws the initial vectors from a generator that starts
    /// at <c>Seed</c>, and training thread <c>i</c> starts its own at <c>Seed - 1 + i</c>; the default 1 is the C
    /// tool's (InitNet at 1, thread <c>i</c> at <c>i</c>).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>-init-range: the initial input vectors are uniform in <c>[-InitialRange / Size, InitialRange / Size)</c>.
    /// The default 0.5 is the C tool's <c>((r / 65536) - 0.5) / size</c>, bit for bit; gensim 4 draws from
    /// <c>[-1 / size, 1 / size)</c>, which is 1 here.</summary>
    public float InitialRange
    {
        get;
        init
        {
            if (!(value > 0) || !float.IsFinite(value)) Fail(nameof(InitialRange), "-init-range", "must be a positive number", value);
            field = value;
        }
    } = 0.5f;

    /// <summary>-min-alpha: the final learning rate, reached linearly at the end of the run, as gensim's <c>min_alpha</c>:
    /// the rate after <c>p</c> of the run's words is <c>StartingAlpha - (StartingAlpha - MinAlpha) * p</c>. Null (the
    /// default) is the C tool's rule: the rate falls linearly toward 0 and stops at <c>StartingAlpha * 0.0001</c>.
    /// At most <see cref="StartingAlpha"/> (checked when training starts).</summary>
    public float? MinAlpha
    {
        get;
        init
        {
            if (value is float a && !(a >= 0 && float.IsFinite(a))) Fail(nameof(MinAlpha), "-min-alpha", "must be 0 or more", a);
            field = value;
        }
    }

    /// <summary>-compute-loss: sum the training loss gensim's <c>compute_loss</c> reports (see
    /// <see cref="TrainingProgress.Loss"/>). Off by default; off, it costs nothing (the training step is compiled
    /// without it).</summary>
    public bool ComputeLoss { get; init; }

    /// <summary>-stop-after: stop after this epoch of the <see cref="Iterations"/> planned, the learning rate still
    /// following the whole plan, so that a saved model (<see cref="Word2VecModel.Save(string, CancellationToken)"/>)
    /// continues it exactly (<see cref="Trainer.Continue"/>). Null (the default) trains every epoch. At most
    /// <see cref="Iterations"/> (checked when training starts). The CPU trainer only.</summary>
    public int? StopAfterEpoch
    {
        get;
        init
        {
            if (value is int n && n <= 0) Fail(nameof(StopAfterEpoch), "-stop-after", "must be a positive integer", n);
            field = value;
        }
    }

    /// <summary>The C tool's vocab_hash_size: while the vocabulary is learnt, it is reduced each time it holds more
    /// than 70% of this many words (C's ReduceVocab).</summary>
    public long VocabHashSize
    {
        get;
        init
        {
            if (value < 2) Fail(nameof(VocabHashSize), "vocabulary hash size", "must be at least 2", value);
            field = value;
        }
    } = Vocab.Vocabulary.DefaultHashSize;

    /// <summary>-max-vocab-size: while the vocabulary is learnt, it is reduced (C's ReduceVocab: words seen at most
    /// <c>min_reduce</c> times are dropped, and <c>min_reduce</c>, from 1, grows by one) each time it holds more than this
    /// many words (<c>&lt;/s&gt;</c> among them), besides the reduction at 70% of <see cref="VocabHashSize"/>, as gensim's
    /// <c>max_vocab_size</c> bounds the memory counting takes. Null (the default): the C tool's reductions only.</summary>
    public long? MaxVocabSize
    {
        get;
        init
        {
            if (value is long n && n <= 0) Fail(nameof(MaxVocabSize), "-max-vocab-size", "must be a positive integer", n);
            field = value;
        }
    }

    /// <summary>-max-final-vocab: keep at most this many words (<c>&lt;/s&gt;</c> among them), as gensim's
    /// <c>max_final_vocab</c>: the minimum count is raised above <see cref="MinCount"/> as far as needed, to one more
    /// than the count of the first word past the limit in count order (so words of equal counts stay or go together,
    /// and fewer may be left). Null (the default): <see cref="MinCount"/> alone.</summary>
    public int? MaxFinalVocab
    {
        get;
        init
        {
            if (value is int n && n <= 0) Fail(nameof(MaxFinalVocab), "-max-final-vocab", "must be a positive integer", n);
            field = value;
        }
    }

    /// <summary>gensim's <c>trim_rule</c>: called with a word (UTF-8 decoded), its count and the minimum count in force
    /// when the vocabulary is pruned (at the end: <see cref="MinCount"/>, or that of <see cref="MaxFinalVocab"/>; during
    /// a reduction: <c>min_reduce + 1</c>), it keeps the word, discards it, or leaves it to the count
    /// (<see cref="Vocab.TrimDecision"/>). Never called for <c>&lt;/s&gt;</c> at the end (C always keeps it). A delegate is
    /// not saved with a model (a continued model keeps its vocabulary, so it is not needed there). Null: the counts decide.</summary>
    public Func<string, long, int, Vocab.TrimDecision>? TrimRule { get; init; }

    /// <summary>The learning rate actually used at the start.</summary>
    public float StartingAlpha => Alpha ?? (Cbow ? 0.05f : 0.025f);

    /// <summary>The rules that involve two settings: throws <see cref="ArgumentException"/> when neither objective is
    /// enabled, so nothing would be trained (naming <see cref="Negative"/>), when <see cref="MinAlpha"/> is above the
    /// starting rate and when <see cref="StopAfterEpoch"/> is beyond <see cref="Iterations"/> (each naming itself).</summary>
    internal void EnsureSettingsAgree()
    {
        if (!HierarchicalSoftmax && Negative == 0)
            throw new ArgumentException("neither hierarchical softmax (-hs 1) nor negative sampling (-negative N) is enabled; nothing would be trained", nameof(Negative));
        if (MinAlpha is float min && min > StartingAlpha)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"-min-alpha {min} is above the starting learning rate {StartingAlpha}"), nameof(MinAlpha));
        if (StopAfterEpoch is int stop && stop > Iterations)
            throw new ArgumentException($"-stop-after {stop} is beyond the {Iterations} epochs of -iter", nameof(StopAfterEpoch));
    }

    /// <summary>What an invalid option's exception says, without the " (Parameter 'Name')" .NET appends: the line the
    /// command prints after "ERROR: ".</summary>
    internal static string Reason(ArgumentException e)
    {
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName != null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    private static void Fail(string property, string flag, string what, object value) =>
        throw new ArgumentOutOfRangeException(property, $"{flag} {what} (got {Convert.ToString(value, CultureInfo.InvariantCulture)})");
}
