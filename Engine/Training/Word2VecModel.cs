using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>The result of a training run: the vocabulary in C order and its input vectors (C's syn0).</summary>
public sealed class Word2VecModel
{
    private readonly float[] _vectors;

    internal Word2VecModel(Vocabulary vocabulary, float[] vectors, int size)
    {
        Vocabulary = vocabulary;
        _vectors = vectors;
        Size = size;
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>Vector dimension.</summary>
    public int Size { get; }

    /// <summary>All vectors, row-major, <see cref="Size"/> floats per word in vocabulary order.</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    internal float[] VectorArray => _vectors;

    public ReadOnlySpan<float> Vector(int index) => new(_vectors, index * Size, Size);

    /// <summary>Writes the vectors as the C tool does (text with <c>%lf</c>, or binary floats).</summary>
    public void SaveVectors(Stream output, bool binary) =>
        VectorFileWriter.Write(output, Vocabulary, _vectors, Size, binary);

    /// <summary>Writes the vectors to <paramref name="path"/>: a regular file is replaced atomically (a failure leaves the
    /// old one whole); a device, FIFO or <c>/dev/stdout</c> is written through, as the C tool writes it.</summary>
    public void SaveVectors(string path, bool binary) => OutputFile.Write(path, s => SaveVectors(s, binary));

    /// <summary>Runs the C tool's k-means and writes "word class" lines.</summary>
    public void SaveClasses(Stream output, int classes, KernelKind kernel = KernelKind.Fast)
    {
        var cl = KMeans.Cluster(_vectors, Vocabulary.Count, Size, classes, kernel);
        VectorFileWriter.WriteClasses(output, Vocabulary.WordBytes(), cl);
    }
}
