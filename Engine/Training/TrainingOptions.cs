namespace Word2VecNative.Training;

/// <summary>Which arithmetic the trainer uses.</summary>
public enum KernelKind
{
    /// <summary>SIMD dot products and updates; Hogwild threads. The default.</summary>
    Fast,
    /// <summary>Scalar, C's order of operations and conversions: with one thread the output is byte-identical to the C tool's.</summary>
    Exact,
}

/// <summary>Every setting of word2vec.c with its default, under the C flag names.</summary>
public sealed record TrainingOptions
{
    /// <summary>-size: dimension of the word vectors.</summary>
    public int Size { get; init; } = 100;
    /// <summary>-window: maximum skip length between words.</summary>
    public int Window { get; init; } = 5;
    /// <summary>-sample: threshold for down-sampling frequent words (0 = off).</summary>
    public float Sample { get; init; } = 1e-3f;
    /// <summary>-hs: use hierarchical softmax.</summary>
    public bool HierarchicalSoftmax { get; init; }
    /// <summary>-negative: number of negative examples (0 = off).</summary>
    public int Negative { get; init; } = 5;
    /// <summary>-threads: worker threads.</summary>
    public int Threads { get; init; } = 12;
    /// <summary>-iter: training epochs.</summary>
    public int Iterations { get; init; } = 5;
    /// <summary>-min-count: discard words seen fewer times.</summary>
    public int MinCount { get; init; } = 5;
    /// <summary>-alpha: starting learning rate; null means the C default (0.05 for CBOW, 0.025 for skip-gram).</summary>
    public float? Alpha { get; init; }
    /// <summary>-cbow: continuous bag of words (true) or skip-gram (false).</summary>
    public bool Cbow { get; init; } = true;
    /// <summary>-classes: when above 0, k-means classes are written instead of vectors.</summary>
    public int Classes { get; init; }
    /// <summary>-debug: 0 silent, 1 summary, 2 progress.</summary>
    public int Debug { get; init; } = 2;
    /// <summary>-binary: write vectors in the binary format.</summary>
    public bool Binary { get; init; }
    /// <summary>-exact: scalar C arithmetic (see <see cref="KernelKind.Exact"/>).</summary>
    public KernelKind Kernel { get; init; } = KernelKind.Fast;
    /// <summary>The C tool's vocab_hash_size: the vocabulary is reduced past 70% of it.</summary>
    public long VocabHashSize { get; init; } = Vocab.Vocabulary.DefaultHashSize;

    /// <summary>The learning rate actually used.</summary>
    public float StartingAlpha => Alpha ?? (Cbow ? 0.05f : 0.025f);

    /// <summary>Throws <see cref="Word2VecException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Size <= 0) Fail("-size", "must be a positive integer", Size);
        if (Size > 100_000) Fail("-size", "is too large (at most 100000)", Size);
        if (Window <= 0) Fail("-window", "must be a positive integer", Window);
        if (Sample < 0 || float.IsNaN(Sample)) Fail("-sample", "must be 0 or more", Sample);
        if (Negative < 0) Fail("-negative", "must be 0 or more", Negative);
        if (Negative > 1000) Fail("-negative", "is too large (at most 1000)", Negative);
        if (!HierarchicalSoftmax && Negative == 0) throw new Word2VecException("ERROR: neither hierarchical softmax (-hs 1) nor negative sampling (-negative N) is enabled; nothing would be trained");
        if (Threads <= 0) Fail("-threads", "must be a positive integer", Threads);
        if (Threads > 4096) Fail("-threads", "is too large (at most 4096)", Threads);
        if (Iterations <= 0) Fail("-iter", "must be a positive integer", Iterations);
        if (MinCount < 0) Fail("-min-count", "must be 0 or more", MinCount);
        if (Alpha is float a && (a <= 0 || float.IsNaN(a) || float.IsInfinity(a))) Fail("-alpha", "must be a positive number", a);
        if (Classes < 0) Fail("-classes", "must be 0 or more", Classes);
        if (VocabHashSize < 2) Fail("vocabulary hash size", "must be at least 2", VocabHashSize);
    }

    private static void Fail(string flag, string what, object value) =>
        throw new Word2VecException($"ERROR: {flag} {what} (got {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)})");
}
