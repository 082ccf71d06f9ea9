using System.Globalization;

namespace Word2VecNative.Training;

/// <summary>
/// The training settings of word2vec.c, with its defaults, documented under its flag names. Each value is checked
/// where it is set: an invalid one throws <see cref="Word2VecException"/> naming the flag, so an instance always
/// holds valid values. The one rule that involves two settings (something must be trained: <see cref="HierarchicalSoftmax"/>
/// or <see cref="Negative"/> &gt; 0) is checked when training starts.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Largest accepted <see cref="Size"/>.</summary>
    public const int MaxSize = 100_000;

    /// <summary>Largest accepted <see cref="Window"/>: C computes <c>window * 2 + 1</c> in an int (it overflows from
    /// 2^30), and visits 2 × window positions for every word trained whatever the sentence's length (at most
    /// <see cref="SentenceReader.MaxSentenceLength"/> words), so a window of millions trains for hours.</summary>
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
            if (value <= 0) Fail("-size", "must be a positive integer", value);
            if (value > MaxSize) Fail("-size", $"is too large (at most {MaxSize})", value);
            field = value;
        }
    } = 100;

    /// <summary>-window: maximum skip length between words.</summary>
    public int Window
    {
        get;
        init
        {
            if (value <= 0) Fail("-window", "must be a positive integer", value);
            if (value > MaxWindow) Fail("-window", $"is too large (at most {MaxWindow})", value);
            field = value;
        }
    } = 5;

    /// <summary>-sample: threshold for down-sampling frequent words (0 = off).</summary>
    public float Sample
    {
        get;
        init
        {
            if (!(value >= 0) || float.IsInfinity(value)) Fail("-sample", "must be 0 or more", value);
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
            if (value < 0) Fail("-negative", "must be 0 or more", value);
            if (value > MaxNegative) Fail("-negative", $"is too large (at most {MaxNegative})", value);
            field = value;
        }
    } = 5;

    /// <summary>-threads: worker threads.</summary>
    public int Threads
    {
        get;
        init
        {
            if (value <= 0) Fail("-threads", "must be a positive integer", value);
            if (value > MaxThreads) Fail("-threads", $"is too large (at most {MaxThreads})", value);
            field = value;
        }
    } = 12;

    /// <summary>-iter: training epochs.</summary>
    public int Iterations
    {
        get;
        init
        {
            if (value <= 0) Fail("-iter", "must be a positive integer", value);
            field = value;
        }
    } = 5;

    /// <summary>-min-count: discard words seen fewer times.</summary>
    public int MinCount
    {
        get;
        init
        {
            if (value < 0) Fail("-min-count", "must be 0 or more", value);
            field = value;
        }
    } = 5;

    /// <summary>-alpha: starting learning rate; null means the C default (0.05 for CBOW, 0.025 for skip-gram).</summary>
    public float? Alpha
    {
        get;
        init
        {
            if (value is float a && !(a > 0 && float.IsFinite(a))) Fail("-alpha", "must be a positive number", a);
            field = value;
        }
    }

    /// <summary>-cbow: continuous bag of words (true) or skip-gram (false).</summary>
    public bool Cbow { get; init; } = true;

    /// <summary>-exact: the CPU trainer's arithmetic (see <see cref="Training.Arithmetic.Exact"/>).</summary>
    public Arithmetic Arithmetic
    {
        get;
        init
        {
            if (!Enum.IsDefined(value)) Fail("-exact", "is not a known arithmetic", value);
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
            if (!(value > 0) || !float.IsFinite(value)) Fail("-init-range", "must be a positive number", value);
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
            if (value is float a && !(a >= 0 && float.IsFinite(a))) Fail("-min-alpha", "must be 0 or more", a);
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
            if (value is int n && n <= 0) Fail("-stop-after", "must be a positive integer", n);
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
            if (value < 2) Fail("vocabulary hash size", "must be at least 2", value);
            field = value;
        }
    } = Vocab.Vocabulary.DefaultHashSize;

    /// <summary>The learning rate actually used at the start.</summary>
    public float StartingAlpha => Alpha ?? (Cbow ? 0.05f : 0.025f);

    /// <summary>Throws <see cref="Word2VecException"/> when neither objective is enabled, so nothing would be trained,
    /// and when two settings disagree (<see cref="MinAlpha"/> above the starting rate, <see cref="StopAfterEpoch"/>
    /// beyond <see cref="Iterations"/>).</summary>
    internal void EnsureSomethingIsTrained()
    {
        if (!HierarchicalSoftmax && Negative == 0)
            throw new Word2VecException("ERROR: neither hierarchical softmax (-hs 1) nor negative sampling (-negative N) is enabled; nothing would be trained");
        if (MinAlpha is float min && min > StartingAlpha)
            throw new Word2VecException(string.Create(CultureInfo.InvariantCulture, $"ERROR: -min-alpha {min} is above the starting learning rate {StartingAlpha}"));
        if (StopAfterEpoch is int stop && stop > Iterations)
            throw new Word2VecException($"ERROR: -stop-after {stop} is beyond the {Iterations} epochs of -iter");
    }

    private static void Fail(string flag, string what, object value) =>
        throw new Word2VecException($"ERROR: {flag} {what} (got {Convert.ToString(value, CultureInfo.InvariantCulture)})");
}
