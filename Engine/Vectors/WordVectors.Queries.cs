namespace Word2VecNative.Vectors;

// Similarity queries. Names borrowed from gensim's KeyedVectors keep its semantics (noted where they differ).
// Two rules hold for every query here. topN (or k) = 0 gives an empty list, as gensim's most_similar does for
// topn < 1; a negative one is an ArgumentOutOfRangeException. A query vector of zero length (a raw zero vector, words
// that cancel, a word stored as zeros, the mean of unknown words) has no direction, so it has no neighbours (an empty
// list), and its cosine with any word is NaN, as a zero row's is. (gensim treats it as a vector at cosine 0
// from every word and lists arbitrary words with similarity 0.)
public sealed partial class WordVectors
{
    /// <summary>Cosine similarity of two words, from -1 to 1: the dot product of their unit vectors (gensim's
    /// similarity).</summary>
    public float Similarity(string word1, string word2)
    {
        using var lease = _store.Acquire();
        int i1 = Require(word1), i2 = Require(word2);
        var u1 = new float[Size];
        var u2 = new float[Size];
        _store.Unit(i1, u1);
        _store.Unit(i2, u2);
        return VectorOps.Dot(u1, u2);
    }

    /// <summary>Cosine distance of two words: 1 - <see cref="Similarity"/> (gensim's distance).</summary>
    public float Distance(string word1, string word2) => 1 - Similarity(word1, word2);

    /// <summary>The <paramref name="topN"/> words with the highest cosine to <paramref name="word"/> (itself excluded),
    /// best first.</summary>
    public IReadOnlyList<Neighbour> MostSimilar(string word, int topN = 10) => MostSimilar([word], [], topN);

    /// <summary>gensim's most_similar (3CosAdd): the unit vectors of <paramref name="positive"/> (weight +1) and
    /// <paramref name="negative"/> (weight -1) are averaged and normalised; the result lists the words with
    /// the highest cosine to that mean, the query words excluded. Words whose vectors cancel (a zero mean) have no
    /// neighbours: an empty list.</summary>
    public IReadOnlyList<Neighbour> MostSimilar(IEnumerable<string> positive, IEnumerable<string>? negative = null, int topN = 10)
    {
        using var lease = _store.Acquire();
        var (pos, neg) = Keys(positive, negative, topN, "most-similar");
        if (pos.Length + neg.Length == 0) throw new ArgumentException("most-similar needs at least one word", nameof(positive));
        var mean = new float[Size];
        var unit = new float[Size];
        foreach (int i in pos)
        {
            _store.Unit(i, unit);
            VectorOps.Add(mean, unit);
        }
        foreach (int i in neg)
        {
            _store.Unit(i, unit);
            VectorOps.Subtract(mean, unit);
        }
        VectorOps.Divide(mean, pos.Length + neg.Length);
        if (!IsUsable(UnitLength.Normalize(mean))) return [];
        return ToNeighbours(NeighbourSearch.Search(_store, mean, topN, float.NegativeInfinity, [.. pos.Concat(neg).Distinct()], Count));
    }

    /// <summary>gensim's most_similar_cosmul (3CosMul, Levy and Goldberg): each word's score is the product over
    /// <paramref name="positive"/> of <c>(1 + cos) / 2</c> divided by the product over <paramref name="negative"/> of the
    /// same plus 1e-6, cosines with the query words' unit vectors; the query words are excluded. With one positive word
    /// the order is that of <see cref="MostSimilar(string, int)"/>. Needs at least one positive word.</summary>
    public IReadOnlyList<Neighbour> MostSimilarCosmul(IEnumerable<string> positive, IEnumerable<string>? negative = null, int topN = 10)
    {
        using var lease = _store.Acquire();
        var (pos, neg) = Keys(positive, negative, topN, "most-similar-cosmul");
        if (pos.Length == 0) throw new ArgumentException("most-similar-cosmul needs at least one positive word", nameof(positive));
        var scorer = new CosMulScorer([.. pos.Select(UnitRow)], [.. neg.Select(UnitRow)]);
        return ToNeighbours(NeighbourSearch.Search(_store, scorer, topN, float.NegativeInfinity, [.. pos.Concat(neg).Distinct()], Count));
    }

    /// <summary>"<paramref name="a"/> is to <paramref name="b"/> as <paramref name="c"/> is to ?": the words
    /// closest to unit(b) - unit(a) + unit(c), normalised (word-analogy's vector), the three excluded.</summary>
    public IReadOnlyList<Neighbour> Analogy(string a, string b, string c, int topN = 1)
    {
        CheckTopN(topN);
        using var lease = _store.Acquire();
        int ia = Require(a), ib = Require(b), ic = Require(c);
        var v = new float[Size];
        UnitLength.Analogy(_store, ia, ib, ic, v);
        if (!IsUsable(UnitLength.Normalize(v))) return [];
        return ToNeighbours(NeighbourSearch.Search(_store, v, topN, float.NegativeInfinity, [ia, ib, ic], Count));
    }

    /// <summary>The <paramref name="k"/> words whose vectors have the highest cosine with a raw vector (gensim's
    /// similar_by_vector). A zero vector has no neighbours (an empty list); a NaN or infinite component is an
    /// <see cref="ArgumentException"/>.</summary>
    public IReadOnlyList<Neighbour> Nearest(ReadOnlySpan<float> vector, int k = 10)
    {
        CheckTopN(k, nameof(k));
        var q = UnitQuery(vector, nameof(vector));
        if (q == null) return [];
        using var lease = _store.Acquire();
        return ToNeighbours(NeighbourSearch.Search(_store, q, k, float.NegativeInfinity, [], Count));
    }

    /// <summary>gensim's n_similarity: the cosine between the mean vectors of two word lists (means of the vectors
    /// as stored). Both lists must be non-empty; an unknown word is a <see cref="KeyNotFoundException"/> (gensim 4.2
    /// skips it silently).</summary>
    public float NSimilarity(IEnumerable<string> words1, IEnumerable<string> words2)
    {
        using var lease = _store.Acquire();
        var m1 = Mean(words1, nameof(words1));
        var m2 = Mean(words2, nameof(words2));
        UnitLength.Normalize(m1);
        UnitLength.Normalize(m2);
        return VectorOps.Dot(m1, m2);

        float[] Mean(IEnumerable<string> words, string name)
        {
            ArgumentNullException.ThrowIfNull(words, name);
            int[] rows = [.. words.Select(Require)];
            if (rows.Length == 0) throw new ArgumentException("n-similarity needs at least one word in each list", name);
            var mean = new float[Size];
            foreach (int i in rows) VectorOps.Add(mean, _store.Row(i));
            VectorOps.Divide(mean, rows.Length);
            return mean;
        }
    }

    /// <summary>gensim's doesnt_match: the word of the list whose unit vector has the lowest cosine with the
    /// normalised mean of the list's unit vectors (ties: the word that sorts first, ordinally). As in gensim, words
    /// without a row are ignored; a list with no known word is an <see cref="ArgumentException"/>.</summary>
    public string DoesntMatch(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        using var lease = _store.Acquire();
        var used = words.Where(w => w != null && Contains(w)).ToArray();
        if (used.Length == 0) throw new ArgumentException("doesnt-match needs at least one word of the vocabulary", nameof(words));
        var units = used.Select(UnitVector).ToArray();
        var mean = new float[Size];
        foreach (var u in units) VectorOps.Add(mean, u);
        VectorOps.Divide(mean, units.Length);
        UnitLength.Normalize(mean);
        int worst = 0;
        float worstScore = float.PositiveInfinity;
        for (int i = 0; i < used.Length; i++)
        {
            float s = VectorOps.Dot(units[i], mean);
            if (s < worstScore || (s == worstScore && string.CompareOrdinal(used[i], used[worst]) < 0))
            {
                worst = i;
                worstScore = s;
            }
        }
        return used[worst];
    }

    /// <summary>gensim's distances: 1 - cosine between <paramref name="word"/> and each of <paramref name="others"/>,
    /// or every word of the vocabulary in row order (the word itself included) when <paramref name="others"/> is null
    /// or empty.</summary>
    public float[] Distances(string word, IEnumerable<string>? others = null)
    {
        using var lease = _store.Acquire();
        return Distances(UnitRow(Require(word)), others);
    }

    /// <summary>1 - cosine between a raw vector and each of <paramref name="others"/>, or every word in row order.</summary>
    public float[] Distances(ReadOnlySpan<float> vector, IEnumerable<string>? others = null) =>
        Distances(UnitQuery(vector, nameof(vector)) ?? NaNs(), others);

    /// <summary>gensim's closer_than: the words (in row order) whose cosine distance from <paramref name="word1"/> is
    /// smaller than that of <paramref name="word2"/>, <paramref name="word1"/> itself left out.</summary>
    public IReadOnlyList<string> CloserThan(string word1, string word2)
    {
        using var lease = _store.Acquire();
        var rows = Closer(word1, word2);
        return rows.Select(Word).ToArray();
    }

    /// <summary>gensim's rank: 1 + the number of words closer to <paramref name="word1"/> than <paramref name="word2"/>
    /// (see <see cref="CloserThan"/>).</summary>
    public int Rank(string word1, string word2)
    {
        using var lease = _store.Acquire();
        return Closer(word1, word2).Count + 1;
    }

    /// <summary>
    /// The mean of the vectors of <paramref name="words"/> (gensim's get_mean_vector): a sentence or document
    /// embedding. With <paramref name="unitWords"/> (the default) each word's unit vector counts, otherwise its
    /// vector as stored; the mean is not normalised. Unknown words are skipped when <paramref name="skipUnknown"/>
    /// is set (the default; a list whose words are all unknown gives the zero vector), and are a
    /// <see cref="KeyNotFoundException"/> otherwise. An empty list is an <see cref="ArgumentException"/>.
    /// </summary>
    public float[] MeanVector(IEnumerable<string> words, bool unitWords = true, bool skipUnknown = true)
    {
        ArgumentNullException.ThrowIfNull(words);
        using var lease = _store.Acquire();
        var mean = new float[Size];
        var unit = new float[Size];
        int listed = 0, used = 0;
        foreach (var w in words)
        {
            listed++;
            ArgumentNullException.ThrowIfNull(w, nameof(words));
            int i = skipUnknown ? IndexOf(w) : Require(w);
            if (i < 0) continue;
            used++;
            if (unitWords)
            {
                _store.Unit(i, unit);
                VectorOps.Add(mean, unit);
            }
            else
            {
                VectorOps.Add(mean, _store.Row(i));
            }
        }
        if (listed == 0) throw new ArgumentException("a mean vector needs at least one word", nameof(words));
        if (used > 0) VectorOps.Divide(mean, used);
        return mean;
    }

    private float[] Distances(float[] unitQuery, IEnumerable<string>? others)
    {
        using var lease = _store.Acquire();
        int[] rows = others == null ? [] : [.. others.Select(Require)];
        float[] d;
        if (rows.Length == 0)
        {
            d = new float[Count];
            NeighbourSearch.ScoreAll(_store, unitQuery, d, Count);
        }
        else
        {
            d = new float[rows.Length];
            for (int k = 0; k < rows.Length; k++) _store.Score(rows[k], unitQuery, d.AsSpan(k, 1));
        }
        for (int k = 0; k < d.Length; k++) d[k] = 1 - d[k];
        return d;
    }

    private List<int> Closer(string word1, string word2)
    {
        int i1 = Require(word1), i2 = Require(word2);
        var d = Distances(UnitRow(i1), null);
        var rows = new List<int>();
        for (int i = 0; i < d.Length; i++)
            if (d[i] < d[i2] && i != i1) rows.Add(i);
        return rows;
    }

    /// <summary>The query rows of a positive/negative query, checked.</summary>
    private (int[] Positive, int[] Negative) Keys(IEnumerable<string> positive, IEnumerable<string>? negative, int topN, string what)
    {
        ArgumentNullException.ThrowIfNull(positive);
        CheckTopN(topN);
        foreach (var w in positive.Concat(negative ?? []))
            if (w == null) throw new ArgumentException($"{what}: a word is null", nameof(positive));
        return ([.. positive.Select(Require)], [.. (negative ?? []).Select(Require)]);
    }

    private float[] UnitRow(int index)
    {
        using var lease = _store.Acquire();
        var u = new float[Size];
        _store.Unit(index, u);
        return u;
    }

    /// <summary>A raw query vector, checked and normalised as the C programs normalise; null for a zero vector (no
    /// direction). A NaN or infinite component is an <see cref="ArgumentException"/>.</summary>
    private float[]? UnitQuery(ReadOnlySpan<float> vector, string name)
    {
        if (vector.Length != Size) throw new ArgumentException($"the vector has {vector.Length} components, the words have {Size}", name);
        foreach (float x in vector)
            if (!float.IsFinite(x)) throw new ArgumentException("the vector has a NaN or infinite component", name);
        var q = vector.ToArray();
        return IsUsable(UnitLength.Normalize(q)) ? q : null;
    }

    /// <summary>The unit vector of a zero vector: NaN everywhere, as C's division by a zero length gives.</summary>
    private float[] NaNs()
    {
        var q = new float[Size];
        Array.Fill(q, float.NaN);
        return q;
    }

    /// <summary>topN = 0 asks for nothing (an empty list, as gensim answers topn &lt; 1); a negative one is a bug.</summary>
    private static void CheckTopN(int topN, string name = "topN")
    {
        if (topN < 0) throw new ArgumentOutOfRangeException(name, $"{name} must be 0 or more, not {topN}");
    }

    private static bool IsUsable(float length) => length != 0 && !float.IsNaN(length);

    private Neighbour[] ToNeighbours((int Index, float Score)[] hits)
    {
        using var lease = _store.Acquire();
        return [.. hits.Select(h => new Neighbour(Word(h.Index), h.Index, h.Score))];
    }
}
