using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// The word-vectors layout as <see cref="VectorFileReader"/> documents it, decoded the plain way: the whole file
/// in one array, one index walking it, no buffer, no look-ahead, no format guess (the format is given). The fuzz
/// tests hold the streaming reader to it: for a given format both accept the same files with the same words
/// and float bits, and reject the same files. Numbers are parsed with the reader's own
/// <see cref="VectorFileReader.TryParseNumber"/>, which has tests of its own.
/// </summary>
internal static class ReferenceVectorDecoder
{
    public sealed record Decoded(byte[][] Words, float[] Vectors, int Size);

    /// <summary>The decoded file, or null where the reader must refuse it.</summary>
    public static Decoded? Decode(byte[] f, VectorFileFormat format)
    {
        int p = 0;
        if (!HeaderNumber(f, ref p, out long words) || !HeaderNumber(f, ref p, out long size)) return null;
        while (p < f.Length && f[p] is (byte)' ' or (byte)'\t' or (byte)'\r') p++;
        if (p >= f.Length || f[p] != '\n') return null;
        p++;
        if (words <= 0 || size <= 0 || size > VectorFileReader.MaxSize) return null;
        // The header is checked against the length before anything is read: a binary entry takes at least
        // 4 * size + 1 bytes (a word may be empty, its space may not), a text entry at least 2 * size.
        long minPerEntry = format == VectorFileFormat.Binary ? 4 * size + 1 : 2 * size;
        if (words > (f.Length - p) / minPerEntry) return null;
        int n = (int)size;
        var list = new List<byte[]>();
        var vectors = new float[words * n];
        for (long w = 0; w < words; w++)
        {
            while (p < f.Length && f[p] is (byte)'\n' or (byte)'\r') p++;
            int space = Array.IndexOf(f, (byte)' ', p);
            if (space < 0 || space - p > VectorFileReader.MaxWordBytes) return null;
            list.Add(f[p..space]);
            p = space + 1;
            if (format == VectorFileFormat.Binary)
            {
                if (f.Length - p < 4 * n) return null;
                Buffer.BlockCopy(f, p, vectors, (int)(w * n * 4), 4 * n);
                p += 4 * n;
            }
            else if (!TextRow(f, ref p, vectors.AsSpan((int)(w * n), n)))
            {
                return null;
            }
        }
        while (p < f.Length && f[p] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') p++;
        return p == f.Length ? new Decoded([.. list], vectors, n) : null;
    }

    /// <summary>Blanks and newlines, an optional sign, decimal digits (a value above what a long holds, and the
    /// reader's last-digit margin below it, is refused: such a header is refused later anyway).</summary>
    private static bool HeaderNumber(byte[] f, ref int p, out long value)
    {
        value = 0;
        while (p < f.Length && f[p] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') p++;
        bool negative = p < f.Length && f[p] == '-';
        if (p < f.Length && f[p] is (byte)'-' or (byte)'+') p++;
        int start = p;
        decimal v = 0;
        while (p < f.Length && f[p] >= '0' && f[p] <= '9')
        {
            v = Math.Min(v * 10 + (f[p] - '0'), decimal.MaxValue / 100);
            p++;
        }
        if (p == start || v > long.MaxValue - 8) return false;
        value = negative ? -(long)v : (long)v;
        return true;
    }

    /// <summary>Blanks, then <c>row.Length</c> numbers each ending at a blank, a newline or the end (one trailing
    /// '\r' dropped), then blanks or '\r' and a newline or the end.</summary>
    private static bool TextRow(byte[] f, ref int p, Span<float> row)
    {
        for (int k = 0; k < row.Length; k++)
        {
            while (p < f.Length && f[p] is (byte)' ' or (byte)'\t') p++;
            if (p >= f.Length || f[p] is (byte)'\n' or (byte)'\r') return false;
            int end = p;
            while (end < f.Length && f[end] is not ((byte)' ' or (byte)'\t' or (byte)'\n')) end++;
            var token = f.AsSpan(p, end - p);
            if (token[^1] == '\r') token = token[..^1];
            if (!VectorFileReader.TryParseNumber(token, out row[k])) return false;
            p = end;
        }
        while (p < f.Length && f[p] is (byte)' ' or (byte)'\t' or (byte)'\r') p++;
        if (p < f.Length && f[p] != '\n') return false;
        if (p < f.Length) p++;
        return true;
    }
}
