using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// The words as distance.c, word-analogy.c and compute-accuracy.c see them. Those programs store each word in a
/// <c>max_w</c> = 50 byte row, dropping newlines; a word of 50 bytes or more fills its row and its terminating NUL
/// lands in the next row, where the next word overwrites it: so such a word reads as its first 50 bytes followed
/// by the next word (as that one reads). compute-accuracy also upper-cases (C locale <c>toupper</c>). Lookups
/// return the first row that matches, as the programs' linear <c>strcmp</c> scan does.
/// </summary>
internal sealed class CWordTable
{
    public const int MaxW = 50;

    private readonly byte[][] _views;
    private readonly Dictionary<string, int> _first;

    public CWordTable(WordVectors vectors, int count, bool upperCase)
    {
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

    public int Count => _views.Length;

    /// <summary>The word of a row as the C program prints and compares it.</summary>
    public byte[] View(int index) => _views[index];

    /// <summary>The first row equal to <paramref name="word"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> word) => _first.TryGetValue(Encoding.Latin1.GetString(word), out int i) ? i : -1;

    /// <summary>C locale toupper on every byte.</summary>
    public static void ToUpper(Span<byte> s)
    {
        for (int i = 0; i < s.Length; i++)
            if (s[i] >= (byte)'a' && s[i] <= (byte)'z') s[i] -= 32;
    }
}
