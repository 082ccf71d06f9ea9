using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// Word vectors as the C companion programs see and query them: distance.c, word-analogy.c and compute-accuracy.c.
/// Those programs store each word in a <c>max_w</c> = 50 byte row, dropping newlines; a word of 50 bytes or more
/// fills its row and its terminating NUL lands in the next row, where the next word overwrites it, so such a word
/// reads as its first 50 bytes followed by the next word (as that one reads). compute-accuracy also upper-cases
/// (C locale <c>toupper</c>) and may look at the first words only. Lookups return the first row that matches, as
/// the programs' linear <c>strcmp</c> scan does; the lists are the programs' 40 best, with their starting scores,
/// their scores to the bit (<see cref="CListSearch"/>) and their tie order (the earlier row first).
/// </summary>
internal sealed class CToolQueries
{
    /// <summary>The programs' <c>max_w</c>.</summary>
    public const int MaxW = 50;

    /// <summary>How many neighbours distance and word-analogy list (their <c>N</c>).</summary>
    public const int ListLength = 40;

    private readonly WordVectors _vectors;
    private readonly byte[][] _views;
    private readonly Dictionary<string, int> _first;

    /// <summary>The view of the first <paramref name="words"/> rows of <paramref name="vectors"/> (all of them when 0),
    /// upper-cased as compute-accuracy's when <paramref name="upperCase"/> is set.</summary>
    public CToolQueries(WordVectors vectors, int words = 0, bool upperCase = false)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(words);
        _vectors = vectors;
        using var lease = vectors.Store.Acquire();
        int count = words > 0 ? Math.Min(words, vectors.Count) : vectors.Count;
        _views = new byte[count][];
        for (int b = count - 1; b >= 0; b--)
        {
            var raw = vectors.WordBytes(b);
            var row = new List<byte>(Math.Min(raw.Length, MaxW));
            bool filled = false;
            foreach (byte ch in raw)
            {
                if (ch == (byte)'\n') continue;
                if (row.Count == MaxW) { filled = true; break; }
                row.Add(ch);
            }
            if (row.Count == MaxW) filled = true;
            int nul = row.IndexOf(0);
            if (nul >= 0) row.RemoveRange(nul, row.Count - nul);
            else if (filled && b + 1 < count) row.AddRange(_views[b + 1]);
            var view = row.ToArray();
            if (upperCase) ToUpper(view);
            _views[b] = view;
        }
        _first = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int b = 0; b < count; b++) _first.TryAdd(Encoding.Latin1.GetString(_views[b]), b);
    }

    /// <summary>The vectors queried.</summary>
    public WordVectors Vectors => _vectors;

    /// <summary>Rows in view.</summary>
    public int Count => _views.Length;

    /// <summary>The word of a row as the C program prints and compares it.</summary>
    public ReadOnlySpan<byte> Word(int row) => _views[row];

    /// <summary>The first row equal to <paramref name="word"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> word) => _first.TryGetValue(Encoding.Latin1.GetString(word), out int i) ? i : -1;

    /// <summary>distance.c's list: the <see cref="ListLength"/> rows with the highest cosine to the normalised sum of
    /// the unit vectors of <paramref name="rows"/>, those rows excluded, scores above -1.</summary>
    public IReadOnlyList<Neighbour> Distance(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var store = _vectors.Store;
        using var lease = store.Acquire();
        int size = store.Size;
        var vec = new float[size];
        var unit = new float[size];
        foreach (int row in rows)
        {
            CheckRow(row);
            store.Unit(row, unit);
            for (int a = 0; a < size; a++) vec[a] += unit[a];
        }
        UnitLength.Normalize(vec);
        return List(store, vec, -1f, rows.Distinct().ToArray());
    }

    /// <summary>word-analogy.c's list for "<paramref name="a"/> is to <paramref name="b"/> as <paramref name="c"/> is to
    /// ?": the <see cref="ListLength"/> rows closest to unit(b) - unit(a) + unit(c), normalised, the three
    /// excluded, scores above 0.</summary>
    public IReadOnlyList<Neighbour> Analogy(int a, int b, int c)
    {
        CheckRow(a);
        CheckRow(b);
        CheckRow(c);
        var store = _vectors.Store;
        using var lease = store.Acquire();
        var vec = new float[store.Size];
        UnitLength.Analogy(store, a, b, c, vec);
        UnitLength.Normalize(vec);
        return List(store, vec, 0f, [a, b, c]);
    }

    /// <summary>C locale toupper on every byte.</summary>
    internal static void ToUpper(Span<byte> s)
    {
        for (int i = 0; i < s.Length; i++)
            if (s[i] >= (byte)'a' && s[i] <= (byte)'z') s[i] -= 32;
    }

    private Neighbour[] List(VectorStore store, float[] query, float start, int[] exclude) =>
        CListSearch.Best(store, query, ListLength, start, exclude, Count, new float[Count])
            .Select(h => new Neighbour(Encoding.UTF8.GetString(_views[h.Index]), h.Index, h.Score)).ToArray();

    private void CheckRow(int row) => ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
}
