using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>The result of a training run: the vocabulary in C order and its input vectors (C's syn0).</summary>
public sealed class Word2VecModel
{
    private readonly float[] _vectors;

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
    public static void CheckClasses(int classes, int words)
    {
        if (classes <= 0) throw new Word2VecException($"ERROR: -classes must be a positive integer (got {classes})");
        if (classes > words) throw new Word2VecException($"ERROR: -classes {classes} is more than the {words} words of the vocabulary");
    }
}
