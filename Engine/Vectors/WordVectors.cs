using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Text;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>
/// Word vectors for queries: loaded from a file in the C tool's binary or text format (ours, the C tool's or
/// gensim's), or taken from a trained <see cref="Word2VecModel"/>. Immutable once built; every query is
/// thread-safe. Rows are unit-normalised once (on the first query, exactly as the C tools normalise: a float
/// sum of squares in order, a square root, a float division) and scored with
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>; the best <c>k</c> are kept in
/// a small heap, never by sorting all scores. Large matrices are scanned by several threads.
/// </summary>
public sealed class WordVectors
{
    private readonly Vocabulary _words;
    private readonly float[] _vectors;
    private readonly Lazy<float[]> _unit;

    private WordVectors(Vocabulary words, float[] vectors, int size)
    {
        _words = words;
        _vectors = vectors;
        Size = size;
        _unit = new Lazy<float[]>(() => Normalize(_vectors, Size), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Loads a vectors file. <paramref name="limit"/> &gt; 0 keeps only the first <c>limit</c> words.
    /// A missing, truncated or corrupt file raises <see cref="Word2VecException"/>.</summary>
    public static WordVectors Load(string path, VectorFileFormat format = VectorFileFormat.Auto, int limit = 0)
    {
        var r = VectorFileReader.Read(path, format, limit);
        return new WordVectors(r.Words, r.Vectors, r.Size);
    }

    /// <summary>Loads vectors from a stream (see <see cref="Load(string, VectorFileFormat, int)"/>).</summary>
    public static WordVectors Load(Stream stream, VectorFileFormat format = VectorFileFormat.Auto, int limit = 0, string name = "vectors stream")
    {
        var r = VectorFileReader.Read(stream, format, name, limit);
        return new WordVectors(r.Words, r.Vectors, r.Size);
    }

    /// <summary>Wraps a trained model's vocabulary and vectors (no copy; the model must not be trained further).</summary>
    public static WordVectors FromModel(Word2VecModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new WordVectors(model.Vocabulary, model.VectorArray, model.Size);
    }

    /// <summary>Number of words.</summary>
    public int Count => _words.Count;

    /// <summary>Vector dimension.</summary>
    public int Size { get; }

    /// <summary>The word at <paramref name="index"/> (UTF-8 decoded).</summary>
    public string Word(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _words.WordString(index);
    }

    /// <summary>Row of <paramref name="word"/> (its first occurrence), or -1.</summary>
    public int IndexOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return _words.Search(Encoding.UTF8.GetBytes(word));
    }

    /// <summary>True when <paramref name="word"/> has a row (see <see cref="IndexOf"/>).</summary>
    public bool Contains(string word) => IndexOf(word) >= 0;

    /// <summary>The vector of a row, as loaded or trained (not normalised).</summary>
    public ReadOnlySpan<float> Vector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return new ReadOnlySpan<float>(_vectors, index * Size, Size);
    }

    /// <summary>The vector of <paramref name="word"/>, as loaded or trained (not normalised).</summary>
    public ReadOnlySpan<float> Vector(string word) => Vector(Require(word));

    /// <summary>The unit-length vector of a row.</summary>
    public ReadOnlySpan<float> UnitVector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return new ReadOnlySpan<float>(_unit.Value, index * Size, Size);
    }

    /// <summary>All vectors, row-major, as loaded or trained (not normalised).</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    /// <summary>Cosine similarity of two words, from -1 to 1; a word without a row is a <see cref="Word2VecException"/>.</summary>
    public float Similarity(string word1, string word2) =>
        TensorPrimitives.Dot(UnitVector(Require(word1)), UnitVector(Require(word2)));

    /// <summary>The <paramref name="topN"/> words with the highest cosine to <paramref name="word"/> (itself excluded),
    /// best first; a word without a row is a <see cref="Word2VecException"/>.</summary>
    public IReadOnlyList<Neighbour> MostSimilar(string word, int topN = 10) => MostSimilar([word], [], topN);

    /// <summary>gensim's most_similar (3CosAdd): the unit vectors of <paramref name="positive"/> (weight +1) and
    /// <paramref name="negative"/> (weight -1) are averaged and normalised; the result lists the words with
    /// the highest cosine to that mean, the query words excluded.</summary>
    public IReadOnlyList<Neighbour> MostSimilar(IEnumerable<string> positive, IEnumerable<string>? negative = null, int topN = 10)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topN);
        var keys = new List<(int Index, float Weight)>();
        foreach (var w in positive) keys.Add((Require(w), 1f));
        foreach (var w in negative ?? []) keys.Add((Require(w), -1f));
        if (keys.Count == 0) throw new ArgumentException("most-similar needs at least one word", nameof(positive));
        var mean = new float[Size];
        var unit = _unit.Value;
        foreach (var (i, weight) in keys)
        {
            var row = new ReadOnlySpan<float>(unit, i * Size, Size);
            if (weight > 0) TensorPrimitives.Add(mean, row, mean);
            else TensorPrimitives.Subtract(mean, row, mean);
        }
        TensorPrimitives.Divide(mean, keys.Count, mean);
        if (!IsUsable(UnitLength.Normalize(mean))) return [];
        var exclude = keys.Select(k => k.Index).Distinct().ToArray();
        return ToNeighbours(NeighbourSearch.Search(unit, Size, mean, topN, float.NegativeInfinity, exclude, Count));
    }

    /// <summary>"<paramref name="a"/> is to <paramref name="b"/> as <paramref name="c"/> is to ?": the words
    /// closest to unit(b) - unit(a) + unit(c), normalised (word-analogy's vector), the three excluded.</summary>
    public IReadOnlyList<Neighbour> Analogy(string a, string b, string c, int topN = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topN);
        int ia = Require(a), ib = Require(b), ic = Require(c);
        var unit = _unit.Value;
        var v = new float[Size];
        UnitLength.Analogy(unit, Size, ia, ib, ic, v);
        if (!IsUsable(UnitLength.Normalize(v))) return [];
        return ToNeighbours(NeighbourSearch.Search(unit, Size, v, topN, float.NegativeInfinity, [ia, ib, ic], Count));
    }

    /// <summary>The <paramref name="k"/> words whose vectors have the highest cosine with a raw vector.</summary>
    public IReadOnlyList<Neighbour> Nearest(ReadOnlySpan<float> vector, int k = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (vector.Length != Size) throw new ArgumentException($"the vector has {vector.Length} components, the words have {Size}", nameof(vector));
        var q = vector.ToArray();
        if (!IsUsable(UnitLength.Normalize(q))) throw new ArgumentException("the vector has zero length", nameof(vector));
        return ToNeighbours(NeighbourSearch.Search(_unit.Value, Size, q, k, float.NegativeInfinity, [], Count));
    }

    /// <summary>Accuracy on an analogy questions file (questions-words.txt layout), with the C compute-accuracy
    /// program's semantics and figures; <paramref name="threshold"/> &gt; 0 uses only the first words, as its
    /// threshold argument does.</summary>
    public AnalogyReport EvaluateAnalogies(string questionsPath, int threshold = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(questionsPath);
        FileStream fs;
        try
        {
            fs = new FileStream(questionsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new Word2VecException($"ERROR: questions file {questionsPath} not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"ERROR: cannot read questions file {questionsPath}: {e.Message}");
        }
        using (fs) return EvaluateAnalogies(fs, threshold);
    }

    /// <summary>Accuracy on analogy questions read (as bytes, like the C program's <c>scanf</c>) from
    /// <paramref name="questions"/>; when <paramref name="log"/> is given, the lines the C compute-accuracy program
    /// prints are written to it as the sections complete, byte for byte. Without a log, a text without questions
    /// is a <see cref="Word2VecException"/>.</summary>
    public AnalogyReport EvaluateAnalogies(Stream questions, int threshold = 0, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        return AnalogyEvaluator.Evaluate(this, questions, threshold, log);
    }

    /// <summary>Writes the vectors in the C tool's format.</summary>
    public void Save(Stream output, bool binary) => VectorFileWriter.Write(output, _words, _vectors, Size, binary);

    /// <summary>Writes the vectors to <paramref name="path"/>: a regular file is replaced atomically (a failure leaves the
    /// old one whole); a device, FIFO or <c>/dev/stdout</c> is written through, as the C tool writes it.</summary>
    public void Save(string path, bool binary, CancellationToken cancellationToken = default) =>
        OutputFile.Write(path, s => Save(s, binary), cancellationToken);

    /// <summary>Every row at unit length (computed once, on first use).</summary>
    internal float[] UnitMatrix => _unit.Value;

    internal ReadOnlySpan<byte> WordBytes(int index) => _words.Word(index);

    private int Require(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        int i = IndexOf(word);
        if (i < 0) Throw.Input($"ERROR: word '{word}' is not in the vocabulary");
        return i;
    }

    private static bool IsUsable(float length) => length != 0 && !float.IsNaN(length);

    private Neighbour[] ToNeighbours((int Index, float Score)[] hits) =>
        hits.Select(h => new Neighbour(_words.WordString(h.Index), h.Index, h.Score)).ToArray();

    private static float[] Normalize(float[] vectors, int d)
    {
        var unit = LargeArray.Allocate(vectors.Length);
        int rows = vectors.Length / d;
        int parts = (long)rows * d >= 1 << 20 ? Environment.ProcessorCount : 1;
        Parallel.For(0, parts, p => NormalizeRows(vectors, unit, d, (int)((long)rows * p / parts), (int)((long)rows * (p + 1) / parts)));
        return unit;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NormalizeRows(float[] vectors, float[] unit, int d, int from, int to)
    {
        // As in C, a zero vector divides to NaN and is never a neighbour.
        for (int b = from; b < to; b++) UnitLength.Normalize(new ReadOnlySpan<float>(vectors, b * d, d), new Span<float>(unit, b * d, d));
    }
}
