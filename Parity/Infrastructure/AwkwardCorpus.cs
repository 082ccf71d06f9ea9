using System.Text;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>
/// A corpus built to stress the byte-level reader, from a fixed seed: \r\n and bare \n endings, tabs, blank
/// lines, runs of spaces, \r inside words, multi-byte UTF-8, invalid bytes (0x80-0xFF, lone continuation bytes),
/// NUL bytes (C cuts the word there), words of 98 to 300 bytes sharing long prefixes (C keeps the first 98),
/// a literal <c>&lt;/s&gt;</c> token, and no final newline (the last word is discarded, as in C).
/// </summary>
internal static class AwkwardCorpus
{
    public static byte[] Generate(int seed, int tokens)
    {
        var rng = new Random(seed);
        var pool = BuildPool(rng);
        var ms = new MemoryStream();
        for (int t = 0; t < tokens; t++)
        {
            // Zipf-like pick so that plenty of words pass min-count.
            int idx = (int)Math.Min(pool.Count - 1, Math.Floor(Math.Pow(rng.NextDouble(), 2.5) * pool.Count));
            ms.Write(pool[idx]);
            int sep = rng.Next(100);
            if (sep < 60) ms.WriteByte((byte)' ');
            else if (sep < 68) ms.Write("   "u8);
            else if (sep < 74) ms.WriteByte((byte)'\t');
            else if (sep < 78) ms.Write(" \t \t"u8);
            else if (sep < 86) ms.WriteByte((byte)'\n');
            else if (sep < 93) ms.Write("\r\n"u8);
            else if (sep < 96) ms.Write("\n\n\r\n \n"u8);
            else ms.Write(" \r\n\t"u8);
        }
        // No final newline: end on a word that C reads up to EOF and discards.
        ms.Write("trailingword"u8);
        return ms.ToArray();
    }

    private static List<byte[]> BuildPool(Random rng)
    {
        var pool = new List<byte[]>();
        void Add(string s) => pool.Add(Encoding.UTF8.GetBytes(s));
        foreach (var w in new[] { "the", "of", "and", "naïve", "日本語", "über", "ключ", "😀", "a", "</s>", "x", "ab\rcd", "abcd", "Zürich" })
            Add(w);
        pool.Add([0xFF]);
        pool.Add([0x80, 0x81]);
        pool.Add([(byte)'q', 0xBF, (byte)'z']);
        pool.Add([0xC3]);          // truncated 2-byte sequence
        pool.Add([0xE6, 0x97]);    // truncated 3-byte sequence
        pool.Add([0xFE, 0xFE, 0xFF, 0xC0, 0xAF]);
        pool.Add([(byte)'n', (byte)'u', 0, (byte)'l']);   // C sees "nu"
        pool.Add([(byte)'n', (byte)'u', 0, (byte)'x']);   // also "nu"
        pool.Add([0, (byte)'z', (byte)'z']);              // C sees the empty word
        // Long words: 98..300 bytes, some sharing their first 98 bytes.
        var prefix = new byte[98];
        for (int i = 0; i < prefix.Length; i++) prefix[i] = (byte)('a' + rng.Next(26));
        foreach (int len in new[] { 97, 98, 99, 100, 101, 150, 300 })
        {
            var w = new byte[len];
            for (int i = 0; i < len; i++) w[i] = i < prefix.Length ? prefix[i] : (byte)('A' + rng.Next(26));
            pool.Add(w);
        }
        var utf8Long = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("é日", 40)));
        pool.Add(utf8Long); // cut in the middle of a multi-byte character
        for (int i = 0; i < 300; i++)
        {
            int len = 1 + rng.Next(12);
            var w = new byte[len];
            for (int k = 0; k < len; k++)
            {
                byte b;
                do b = (byte)rng.Next(1, 256); while (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r');
                w[k] = rng.Next(4) == 0 ? b : (byte)('a' + rng.Next(26));
            }
            pool.Add(w);
        }
        return pool;
    }
}
