using System.Globalization;
using System.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// Vocabulary files (the C tool's <c>-save-vocab</c> format, "word count" lines) for fuzzing <c>-read-vocab</c>:
/// small valid files and mutants of them. A mutant built from known entries by a change that keeps the file valid
/// carries those entries; the others may be anything. Mutant <c>i</c> of a seed depends on nothing else, so a
/// failure replays with <see cref="Create"/> alone.
/// </summary>
internal static class VocabularyFileMutants
{
    /// <summary>The corpus the command line trains on; the base vocabularies use its words.</summary>
    public static readonly byte[] Corpus = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the cat sat on the mat\nthe dog sat on the log\n", 10)));

    public sealed record Mutant(string What, byte[] Bytes, IReadOnlyList<(byte[] Word, long Count)>? MustReadAs);

    private sealed record Base(string Name, List<(byte[] Word, long Count)> Entries, string LineEnd);

    private static readonly Lazy<Base[]> s_bases = new(BuildBases);

    private static readonly (string Text, long? Value)[] s_counts =
    [
        ("0", 0), ("-0", 0), ("+5", 5), ("00000000000000000000000000000000000000000000000042", 42), ("999999999999999", 999_999_999_999_999),
        ("000000000000000000000000000000000000999999999999999", 999_999_999_999_999), ("1", 1),
        ("1000000000000000", null), ("1000000000000001", null), ("9223372036854775807", null), ("9223372036854775808", null),
        ("99999999999999999999999999999999", null), ("-1", null), ("-5", null), ("-1000000000000000", null), ("abc", null), ("", null),
        ("1.5", null), ("1e3", null), ("0x10", null), ("7x", null), ("7 8", null), ("+", null), ("-", null), ("--5", null),
        ("\u0663", null), ("\uff15", null), ("5\u0000", null),
    ];

    /// <summary>Mutant <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static Mutant Create(int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        var bases = s_bases.Value;
        var b = bases[index % bases.Length];
        var entries = b.Entries.ToList();
        switch (rng.Next(16))
        {
            case 0:
            case 1:
                {
                    var (text, value) = s_counts[rng.Next(s_counts.Length)];
                    int e = rng.Next(entries.Count);
                    var bytes = Render(entries, b.LineEnd, e, text);
                    if (value is long v) entries[e] = (entries[e].Word, v);
                    return new($"{b.Name}: count of entry {e + 1} = '{VectorFileMutants.Escape(text)}'", bytes, value.HasValue ? entries : null);
                }
            case 2:
                {
                    var bytes = Render(entries, b.LineEnd);
                    return new($"{b.Name}: no final newline", bytes[..^1], entries);
                }
            case 3:
                {
                    // Blanks around the count: spaces and tabs before it, CRs before the newline.
                    string[] before = ["  ", "\t", " \t ", "\t\t"];
                    var sb = new List<byte>();
                    foreach (var (w, c) in entries)
                        sb.AddRange([.. w, .. Encoding.ASCII.GetBytes(before[rng.Next(before.Length)] + c.ToString(CultureInfo.InvariantCulture) + (rng.Next(2) == 0 ? "\r" : "") + "\n")]);
                    return new($"{b.Name}: blanks around the counts", [.. sb], entries);
                }
            case 4:
                {
                    var bytes = Render(entries, b.LineEnd);
                    int line = rng.Next(entries.Count);
                    int at = LineStart(bytes, line);
                    int end = LineStart(bytes, line + 1);
                    return new($"{b.Name}: line {line + 1} twice", [.. bytes[..end], .. bytes[at..end], .. bytes[end..]], null);
                }
            case 5:
                {
                    string[] whole = ["", "\n", "\n\n", " ", "\r\n", "\u0000", "5\n", " 5\n", "word\n", "word", "word 5"];
                    string s = whole[rng.Next(whole.Length)];
                    IReadOnlyList<(byte[], long)>? must = s == "word 5" ? [("word"u8.ToArray(), 5)] : null;
                    return new($"whole file '{VectorFileMutants.Escape(s)}'", Encoding.ASCII.GetBytes(s), must);
                }
            case 6:
                {
                    // A long word: the reader keeps its first 98 bytes, as word2vec's ReadWord does.
                    int len = rng.Next(90, 300);
                    var word = Enumerable.Range(0, len).Select(_ => (byte)rng.Next('a', 'z' + 1)).ToArray();
                    int e = rng.Next(entries.Count);
                    entries[e] = (word, entries[e].Count);
                    var bytes = Render(entries, b.LineEnd);
                    var kept = entries.Select(x => (x.Word.Length > 98 ? x.Word[..98] : x.Word, x.Count)).ToList();
                    bool distinct = kept.Select(x => Convert.ToHexString(x.Item1)).Distinct().Count() == kept.Count;
                    return new($"{b.Name}: word of {len} bytes at entry {e + 1}", bytes, distinct ? kept : null);
                }
            case 7:
                {
                    var bytes = Render(entries, b.LineEnd);
                    int at = rng.Next(bytes.Length);
                    return new($"{b.Name}: cut at {at}", bytes[..at], null);
                }
            case 8:
                {
                    var bytes = Render(entries, b.LineEnd);
                    int at = rng.Next(bytes.Length);
                    byte[] special = [0, (byte)' ', (byte)'\n', (byte)'\r', (byte)'\t', (byte)'-', (byte)'0', (byte)'9', 0x80, 0xFF, 0x1B, 0x07];
                    byte v = rng.Next(3) == 0 ? (byte)rng.Next(256) : special[rng.Next(special.Length)];
                    var m = (byte[])bytes.Clone();
                    m[at] = v;
                    return new($"{b.Name}: byte {at} = 0x{v:x2}", m, null);
                }
            case 9:
                {
                    var bytes = Render(entries, b.LineEnd);
                    int at = rng.Next(bytes.Length + 1);
                    byte[] ins = rng.Next(2) == 0 ? "\n"u8.ToArray() : [(byte)rng.Next(256), (byte)rng.Next(256)];
                    return new($"{b.Name}: insert {Convert.ToHexString(ins)} at {at}", [.. bytes[..at], .. ins, .. bytes[at..]], null);
                }
            case 10:
                {
                    var bytes = Render(entries, b.LineEnd);
                    int at = rng.Next(bytes.Length);
                    int len = Math.Min(bytes.Length - at, rng.Next(1, 8));
                    return new($"{b.Name}: delete {len} at {at}", [.. bytes[..at], .. bytes[(at + len)..]], null);
                }
            case 11:
                {
                    // Words with control bytes, invalid UTF-8, a NUL (the word ends there) or a CR (dropped).
                    byte[][] odd = [[0x07, (byte)'x'], [0xFF, 0xFE], [(byte)'a', 0, (byte)'b'], [(byte)'c', (byte)'\r', (byte)'d'], [0x1B, (byte)'[', (byte)'2', (byte)'J'], [0xE2, 0x80, 0xAE, (byte)'z']];
                    var w = odd[rng.Next(odd.Length)];
                    int e = rng.Next(entries.Count);
                    entries[e] = (w, entries[e].Count);
                    // Half of the time in two entries: the duplicate's message must show the word escaped.
                    int twice = rng.Next(2) == 0 && entries.Count > 1 ? (e + 1) % entries.Count : -1;
                    if (twice >= 0) entries[twice] = (w, entries[twice].Count);
                    return new($"{b.Name}: word {Convert.ToHexString(w)} at entries {e + 1}{(twice >= 0 ? $" and {twice + 1}" : "")}", Render(entries, b.LineEnd), null);
                }
            case 12:
                {
                    // Counts near the limit in every entry: their sum passes what a long holds.
                    int n = 9300;
                    var many = Enumerable.Range(0, n).Select(i => (Encoding.ASCII.GetBytes(i == 0 ? "</s>" : $"w{i}"), 999_999_999_999_999L)).ToList();
                    if (rng.Next(2) == 0) many[rng.Next(n)] = (many[rng.Next(n)].Item1, 1_000_000_000_000_000);
                    bool valid = many.All(x => x.Item2 <= 999_999_999_999_999);
                    return new($"{n} entries of count ~1e15", Render(many, "\n"), valid ? many : null);
                }
            case 13:
                {
                    var bytes = Render(entries, "\r\n");
                    if (rng.Next(2) == 0)
                    {
                        // A lone CR somewhere.
                        int at = rng.Next(bytes.Length + 1);
                        return new($"{b.Name}: CR at {at}", [.. bytes[..at], (byte)'\r', .. bytes[at..]], null);
                    }
                    return new($"{b.Name}: CRLF", bytes, entries);
                }
            case 14:
                {
                    // A duplicate under another spelling of the count, or entries in another order.
                    var shuffled = entries.OrderBy(_ => rng.Next()).ToList();
                    return new($"{b.Name}: shuffled", Render(shuffled, b.LineEnd), shuffled);
                }
            default:
                {
                    var bytes = Render(entries, b.LineEnd);
                    var m = (byte[])bytes.Clone();
                    int at = rng.Next(m.Length);
                    int len = Math.Min(m.Length - at, rng.Next(1, 12));
                    rng.NextBytes(m.AsSpan(at, len));
                    return new($"{b.Name}: random {len} bytes at {at}", m, null);
                }
        }
    }

    private static byte[] Render(IReadOnlyList<(byte[] Word, long Count)> entries, string lineEnd, int replace = -1, string? count = null)
    {
        var ms = new MemoryStream();
        for (int i = 0; i < entries.Count; i++)
        {
            ms.Write(entries[i].Word);
            ms.WriteByte((byte)' ');
            ms.Write(Encoding.UTF8.GetBytes(i == replace ? count! : entries[i].Count.ToString(CultureInfo.InvariantCulture)));
            ms.Write(Encoding.ASCII.GetBytes(lineEnd));
        }
        return ms.ToArray();
    }

    private static int LineStart(byte[] bytes, int line)
    {
        int p = 0;
        for (int l = 0; l < line && p < bytes.Length; l++)
        {
            p = Array.IndexOf(bytes, (byte)'\n', p);
            p = p < 0 ? bytes.Length : p + 1;
        }
        return p;
    }

    private static Base[] BuildBases()
    {
        static List<(byte[], long)> E(params (string Word, long Count)[] e) => e.Select(x => (Encoding.UTF8.GetBytes(x.Word), x.Count)).ToList();
        var learnt = Vocabulary.Learn(new MemoryStream(Corpus), 1);
        var saved = Enumerable.Range(0, learnt.Count).Select(i => (learnt.Word(i).ToArray(), learnt.Frequency(i))).ToList();
        var rng = new Random(3);
        var many = Enumerable.Range(0, 60).Select(i => (Encoding.ASCII.GetBytes(i == 0 ? "</s>" : $"w{i}"), (long)rng.Next(0, 1000))).ToList();
        // Fibonacci counts make a Huffman code longer than word2vec's 40 bits: training must refuse it in one line.
        var deep = new List<(byte[], long)> { ("</s>"u8.ToArray(), 0) };
        for (long a = 1, b = 1, i = 0; i < 45; i++, (a, b) = (b, a + b)) deep.Add((Encoding.ASCII.GetBytes($"f{i}"), a));
        return
        [
            new("saved", saved, "\n"),
            new("extremes", E(("</s>", 0), ("the", 1000), ("cat", 999_999_999_999_999), ("dog", 5), ("sat", 1), ("mat", 0)), "\n"),
            new("sixty", many, "\n"),
            new("one", E(("</s>", 1)), "\n"),
            new("unicode", E(("the", 7), ("\u00fcber", 3), ("</s>", 2), ("\u65e5\u672c", 2), ("on", 1)), "\r\n"),
            new("deep", deep, "\n"),
        ];
    }
}
