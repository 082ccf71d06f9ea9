using Word2VecNative.Models;
using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>The result of a training run: the vocabulary in C order and its input vectors (C's syn0). A model trained on
/// the CPU (or loaded with <see cref="Load(string)"/>) also holds what continuing needs: the output layers (syn1,
/// syn1neg), the settings and the <see cref="TrainingState"/>; it can be saved whole (<see cref="Save(string, CancellationToken)"/>)
/// and trained further (<see cref="Trainer.Continue"/>).</summary>
public sealed class Word2VecModel
{
    private readonly float[] _vectors;
    private readonly float[]? _syn1, _syn1neg;

    /// <summary>A model of <paramref name="vocabulary"/> with <paramref name="vectors"/> (row-major,
    /// <paramref name="size"/> floats per word, in vocabulary order; the array is taken, not copied).</summary>
    public Word2VecModel(Vocabulary vocabulary, float[] vectors, int size)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (vectors.LongLength != (long)vocabulary.Count * size)
            throw new ArgumentException($"{vocabulary.Count} words of size {size} need {(long)vocabulary.Count * size} floats, not {vectors.LongLength}", nameof(vectors));
        Vocabulary = vocabulary;
        _vectors = vectors;
        Size = size;
    }

    /// <summary>A full model: input vectors, the output layers its options train (<paramref name="syn1"/> with
    /// hierarchical softmax, <paramref name="syn1neg"/> with negative sampling), its options and its state.</summary>
    internal Word2VecModel(Vocabulary vocabulary, float[] syn0, float[]? syn1, float[]? syn1neg, TrainingOptions options, TrainingState state)
        : this(vocabulary, syn0, options.Size)
    {
        if (options.HierarchicalSoftmax != (syn1 != null) || (options.Negative > 0) != (syn1neg != null)
            || (syn1 != null && syn1.LongLength != syn0.LongLength) || (syn1neg != null && syn1neg.LongLength != syn0.LongLength))
            Throw.Argument(nameof(syn1), "the output layers must be those the options train, each as large as syn0");
        _syn1 = syn1;
        _syn1neg = syn1neg;
        Options = options;
        State = state;
    }

    /// <summary>Reads a model saved with <see cref="Save(string, CancellationToken)"/>. A file that is not a model, has another
    /// format version, is truncated or corrupt (its checksum differs) is one <see cref="Word2VecException"/>.</summary>
    public static Word2VecModel Load(string path) => Load(path, CancellationToken.None);

    /// <summary>Reads a model as <see cref="Load(string)"/> does; cancelling stops the read with
    /// <see cref="OperationCanceledException"/>. A FIFO or device, whose open and reads may wait for a writer as long
    /// as it likes, is read on a background thread that the cancellation leaves behind (it ends when the writer
    /// closes), so the caller never waits on it.</summary>
    public static Word2VecModel Load(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        FileStatus? st;
        try
        {
            st = FileStatus.Of(path, followLinks: true);
        }
        catch (IOException)
        {
            st = null; // the open says what is wrong
        }
        if (st is not { IsRegular: false, IsDirectory: false } || !cancellationToken.CanBeCanceled) return Read(path, cancellationToken);
        Word2VecModel? model = null;
        Exception? failure = null;
        using var done = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            try
            {
                model = Read(path, cancellationToken);
            }
            catch (Exception e)
            {
                failure = e;
            }
            done.Set();
        })
        { IsBackground = true, Name = "model file reader" };
        reader.Start();
        done.Wait(cancellationToken);
        if (failure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return model!;
    }

    private static Word2VecModel Read(string path, CancellationToken cancellationToken)
    {
        string name = "model file " + path;
        FileStream fs;
        try
        {
            fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            if (e is FileNotFoundException or DirectoryNotFoundException) throw new FileNotFoundException($"{name} not found", path, e);
            throw new Word2VecException($"cannot read {name}: {e.Message}", e);
        }
        using (fs) return ModelFileReader.Read(fs, name, cancellationToken);
    }

    /// <summary>Reads a model from <paramref name="input"/> (from its position to its end), as <see cref="Load(string)"/>
    /// does; <paramref name="name"/> is how errors name it.</summary>
    public static Word2VecModel Load(Stream input, string name = "model stream") => ModelFileReader.Read(input, name);

    /// <summary>Writes the whole model (vocabulary with counts and raw bytes, syn0, syn1 and/or syn1neg, settings and
    /// training state) in the versioned model format the README documents, ending with a SHA-256 of its bytes.
    /// <see cref="InvalidOperationException"/> for a model that holds its input vectors only (see <see cref="CanContinueTraining"/>).</summary>
    public void Save(Stream output) => ModelFileWriter.Write(output, this);

    /// <summary>Writes the whole model to <paramref name="path"/> as <see cref="SaveVectors(string, bool, CancellationToken)"/> writes.</summary>
    public void Save(string path, CancellationToken cancellationToken = default)
    {
        if (!CanContinueTraining) throw ModelFileWriter.NoState(); // before any file is touched
        OutputFile.Write(path, Save, cancellationToken);
    }

    /// <summary>True when the model holds what continuing needs (a CPU-trained or loaded model); false for one made of
    /// vectors only (the public constructor, the GPU trainer).</summary>
    public bool CanContinueTraining => State != null;

    /// <summary>The settings of the model's current plan (its <see cref="TrainingOptions.Iterations"/> are the plan's epochs),
    /// or null for a model of vectors only.</summary>
    public TrainingOptions? Options { get; }

    /// <summary>Where training stands (see <see cref="TrainingState"/>), or null for a model of vectors only.</summary>
    public TrainingState? State { get; }

    /// <summary>C's syn1, the hierarchical-softmax inner-node vectors (row-major, <see cref="Size"/> floats per row, one row
    /// per word); empty without hierarchical softmax or for a model of vectors only.</summary>
    public ReadOnlySpan<float> HierarchicalSoftmaxWeights => _syn1;

    /// <summary>C's syn1neg, the negative-sampling output vectors (row-major, <see cref="Size"/> floats per word); empty
    /// without negative sampling or for a model of vectors only.</summary>
    public ReadOnlySpan<float> NegativeSamplingWeights => _syn1neg;

    internal float[]? Syn1Array => _syn1;

    internal float[]? Syn1NegArray => _syn1neg;

    /// <summary>The words, in C order, with their counts.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Vector dimension.</summary>
    public int Size { get; }

    /// <summary>All vectors, row-major, <see cref="Size"/> floats per word in vocabulary order.</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    internal float[] VectorArray => _vectors;

    /// <summary>The vector of the word at <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Vector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Vocabulary.Count, nameof(index));
        return new(_vectors, index * Size, Size);
    }

    /// <summary>How many words have a vector holding NaN or an infinity: more than 0 means training diverged (a
    /// learning rate too high for the data, say), as the C tool would silently write <c>-nan</c> and <c>inf</c>.</summary>
    public int CountNonFiniteVectors()
    {
        int bad = 0;
        for (int w = 0; w < Vocabulary.Count; w++)
        {
            foreach (float x in new ReadOnlySpan<float>(_vectors, w * Size, Size))
            {
                if (!float.IsFinite(x))
                {
                    bad++;
                    break;
                }
            }
        }
        return bad;
    }

    /// <summary>Writes the vectors as the C tool does (text with <c>%lf</c>, or binary floats).</summary>
    public void SaveVectors(Stream output, bool binary) =>
        VectorFileWriter.Write(output, Vocabulary, _vectors, Size, binary);

    /// <summary>Writes the vectors to <paramref name="path"/>: a regular file is replaced atomically (a failure leaves the
    /// old one whole); a device, FIFO or <c>/dev/stdout</c> is written through, as the C tool writes it.</summary>
    public void SaveVectors(string path, bool binary, CancellationToken cancellationToken = default) =>
        OutputFile.Write(path, s => SaveVectors(s, binary), cancellationToken);

    /// <summary>Runs the C tool's k-means (<c>-classes</c>) and writes its "word class" lines. <paramref name="classes"/>
    /// must be between 1 and the number of words; <see cref="Arithmetic.Exact"/> gives the C tool's classes bit for bit.</summary>
    public void SaveClasses(Stream output, int classes, Arithmetic arithmetic = Arithmetic.Fast)
    {
        ArgumentNullException.ThrowIfNull(output);
        CheckClasses(classes, Vocabulary.Count);
        var cl = KMeans.Cluster(_vectors, Vocabulary.Count, Size, classes, arithmetic);
        VectorFileWriter.WriteClasses(output, Vocabulary, cl);
    }

    /// <summary>Writes the k-means classes to <paramref name="path"/> as <see cref="SaveVectors(string, bool, CancellationToken)"/> writes.</summary>
    public void SaveClasses(string path, int classes, Arithmetic arithmetic = Arithmetic.Fast, CancellationToken cancellationToken = default)
    {
        CheckClasses(classes, Vocabulary.Count);
        OutputFile.Write(path, s => SaveClasses(s, classes, arithmetic), cancellationToken);
    }

    /// <summary>Throws <see cref="Word2VecException"/> unless 1 ≤ <paramref name="classes"/> ≤ <paramref name="words"/>:
    /// k-means with more classes than words leaves classes empty and costs classes × size floats for nothing.</summary>
    internal static void CheckClasses(int classes, int words)
    {
        if (classes <= 0) throw new Word2VecException($"-classes must be a positive integer (got {classes})");
        if (classes > words) throw new Word2VecException($"-classes {classes} is more than the {words} words of the vocabulary");
    }
}
