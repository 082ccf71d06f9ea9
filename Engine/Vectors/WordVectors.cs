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
    private const long ParallelThreshold = 1 << 20;

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

    internal ReadOnlySpan<byte> WordBytes(int index) => _words.Word(index);

    /// <summary>Row of <paramref name="word"/> (its first occurrence), or -1.</summary>
    public int IndexOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return _words.Search(Encoding.UTF8.GetBytes(word));
    }

    public bool Contains(string word) => IndexOf(word) >= 0;

    /// <summary>The vector of a row, as stored in the file.</summary>
    public ReadOnlySpan<float> Vector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return new ReadOnlySpan<float>(_vectors, index * Size, Size);
    }

    /// <summary>The vector of <paramref name="word"/>, as stored in the file.</summary>
    public ReadOnlySpan<float> Vector(string word) => Vector(Require(word));

    /// <summary>The unit-length vector of a row.</summary>
    public ReadOnlySpan<float> UnitVector(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return new ReadOnlySpan<float>(_unit.Value, index * Size, Size);
    }

    /// <summary>All vectors, row-major, as stored in the file.</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    /// <summary>Cosine similarity of two words.</summary>
    public float Similarity(string word1, string word2) =>
        TensorPrimitives.Dot(UnitVector(Require(word1)), UnitVector(Require(word2)));

    /// <summary>The <paramref name="topN"/> words closest to <paramref name="word"/> (itself excluded).</summary>
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
        if (!NormalizeInPlace(mean)) return [];
        var exclude = keys.Select(k => k.Index).Distinct().ToArray();
        return ToNeighbours(Search(mean, topN, float.NegativeInfinity, exclude, Count));
    }

    /// <summary>"<paramref name="a"/> is to <paramref name="b"/> as <paramref name="c"/> is to ?": the words
    /// closest to unit(b) - unit(a) + unit(c), normalised (word-analogy's vector), the three excluded.</summary>
    public IReadOnlyList<Neighbour> Analogy(string a, string b, string c, int topN = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topN);
        int ia = Require(a), ib = Require(b), ic = Require(c);
        var unit = _unit.Value;
        var v = new float[Size];
        for (int k = 0; k < Size; k++) v[k] = unit[k + ib * Size] - unit[k + ia * Size] + unit[k + ic * Size];
        if (!NormalizeInPlace(v)) return [];
        return ToNeighbours(Search(v, topN, float.NegativeInfinity, [ia, ib, ic], Count));
    }

    /// <summary>The <paramref name="k"/> words whose vectors have the highest cosine with a raw vector.</summary>
    public IReadOnlyList<Neighbour> Nearest(ReadOnlySpan<float> vector, int k = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (vector.Length != Size) throw new ArgumentException($"the vector has {vector.Length} components, the words have {Size}", nameof(vector));
        var q = vector.ToArray();
        if (!NormalizeInPlace(q)) throw new ArgumentException("the vector has zero length", nameof(vector));
        return ToNeighbours(Search(q, k, float.NegativeInfinity, [], Count));
    }

    /// <summary>Accuracy on an analogy questions file (questions-words.txt layout), with the C compute-accuracy
    /// program's semantics and figures; <paramref name="threshold"/> &gt; 0 uses only the first words, as its
    /// threshold argument does.</summary>
    public AnalogyReport EvaluateAnalogies(string questionsPath, int threshold = 0)
    {
        TextReader reader;
        try
        {
            reader = new StreamReader(questionsPath, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new Word2VecException($"ERROR: questions file {questionsPath} not found");
        }
        using (reader) return AnalogyEvaluator.Evaluate(this, reader, threshold);
    }

    /// <summary>Writes the vectors in the C tool's format.</summary>
    public void Save(Stream output, bool binary) => VectorFileWriter.Write(output, _words, _vectors, Size, binary);

    /// <summary>Writes the vectors to <paramref name="path"/>: a regular file is replaced atomically (a failure leaves the
    /// old one whole); a device, FIFO or <c>/dev/stdout</c> is written through, as the C tool writes it.</summary>
    public void Save(string path, bool binary) => OutputFile.Write(path, s => Save(s, binary));

    internal float[] UnitMatrix => _unit.Value;

    internal int Require(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        int i = IndexOf(word);
        if (i < 0) Throw.Input($"ERROR: word '{word}' is not in the vocabulary");
        return i;
    }

    /// <summary>Best <paramref name="k"/> rows among the first <paramref name="rows"/> by dot product with a
    /// unit query, scores above <paramref name="threshold"/>, rows in <paramref name="exclude"/> skipped.</summary>
    internal (int Index, float Score)[] Search(float[] query, int k, float threshold, int[] exclude, int rows)
    {
        var unit = _unit.Value;
        int d = Size;
        int heap = k + exclude.Length;
        // Several chunks per core: a core taken by another thread then delays the scan by one small chunk only.
        int parts = (long)rows * d >= ParallelThreshold
            ? (int)Math.Clamp((long)rows * d / (ParallelThreshold / 4), 1, Environment.ProcessorCount * 4L)
            : 1;
        TopK top;
        if (parts <= 1)
        {
            top = new TopK(heap, threshold);
            Scan(unit, d, query, 0, rows, top);
        }
        else
        {
            var tops = new TopK[parts];
            Parallel.For(0, parts, p =>
            {
                int lo = (int)((long)rows * p / parts), hi = (int)((long)rows * (p + 1) / parts);
                var t = new TopK(heap, threshold);
                Scan(unit, d, query, lo, hi, t);
                tops[p] = t;
            });
            top = tops[0];
            for (int p = 1; p < parts; p++) top.AddAll(tops[p]);
        }
        var all = top.ToSortedArray();
        if (exclude.Length == 0) return all;
        return all.Where(e => Array.IndexOf(exclude, e.Index) < 0).Take(k).ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan(float[] unit, int d, float[] query, int from, int to, TopK top)
    {
        // Scores a block of rows, then offers only those that beat the heap's current worst entry.
        const int Block = 256;
        Span<float> scores = stackalloc float[Block];
        var q = new ReadOnlySpan<float>(query);
        for (int start = from; start < to; start += Block)
        {
            int n = Math.Min(Block, to - start);
            for (int r = 0; r < n; r++) scores[r] = TensorPrimitives.Dot(new ReadOnlySpan<float>(unit, (start + r) * d, d), q);
            float cut = top.Cutoff;
            for (int r = 0; r < n; r++)
            {
                if (scores[r] >= cut)
                {
                    top.Add(start + r, scores[r]);
                    cut = top.Cutoff;
                }
            }
        }
    }

    private Neighbour[] ToNeighbours((int Index, float Score)[] hits) =>
        hits.Select(h => new Neighbour(_words.WordString(h.Index), h.Index, h.Score)).ToArray();

    /// <summary>C's normalisation of one vector: float sum of squares in order, sqrt, float division.
    /// False for a zero vector.</summary>
    internal static bool NormalizeInPlace(Span<float> v)
    {
        float len = 0;
        for (int a = 0; a < v.Length; a++) len += v[a] * v[a];
        len = (float)Math.Sqrt(len);
        if (len == 0 || float.IsNaN(len)) return false;
        TensorPrimitives.Divide(v, len, v);
        return true;
    }

    private static float[] Normalize(float[] vectors, int d)
    {
        var unit = LargeArray.Allocate(vectors.Length);
        int rows = vectors.Length / d;
        int parts = (long)rows * d >= ParallelThreshold ? Environment.ProcessorCount : 1;
        Parallel.For(0, parts, p => NormalizeRows(vectors, unit, d, (int)((long)rows * p / parts), (int)((long)rows * (p + 1) / parts)));
        return unit;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NormalizeRows(float[] vectors, float[] unit, int d, int from, int to)
    {
        for (int b = from; b < to; b++)
        {
            var src = new ReadOnlySpan<float>(vectors, b * d, d);
            float len = 0;
            for (int a = 0; a < src.Length; a++) len += src[a] * src[a];
            len = (float)Math.Sqrt(len);
            // As in C, a zero vector divides to NaN and is never a neighbour.
            TensorPrimitives.Divide(src, len, new Span<float>(unit, b * d, d));
        }
    }
}
