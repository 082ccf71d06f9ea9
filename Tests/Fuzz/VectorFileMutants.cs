using System.Globalization;
using System.Text;
using Word2VecNative.Tests.Vectors;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// Word-vectors files for fuzzing: small valid files in both layouts (written by <see cref="VectorFileWriter"/>,
/// and by hand in gensim's and Windows' styles), and mutants of them. Mutant <c>i</c> of a seed depends on
/// nothing else, so a failure replays with <see cref="Create"/> alone.
/// </summary>
internal static class VectorFileMutants
{
    /// <summary>One mutant: what was done, the bytes, and, where the change keeps the file valid, the decoding
    /// it must load as.</summary>
    public sealed record Mutant(string What, byte[] Bytes, ReferenceVectorDecoder.Decoded? MustLoadAs);

    /// <summary>A valid file and its layout.</summary>
    public sealed record Base(string Name, byte[] Bytes, VectorFileFormat Format);

    private static readonly Lazy<Base[]> s_bases = new(BuildBases);

    public static IReadOnlyList<Base> Bases => s_bases.Value;

    private static readonly string[] s_countLies =
    [
        "0", "-1", "-0", "+1", "1", "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "99999999999999999999999999", "-2147483648", "-9223372036854775808", "abc", "", " ", "1e3",
        "0x10", "1.5", "007", "00000000000000000000000000000000000000000000000003", "\t3", "3\r", "\u00bd",
    ];

    private static readonly string[] s_numberSpellings =
    [
        "inf", "-inf", "+inf", "nan", "-nan", "NaN", "INF", "Infinity", "-Infinity", "infinity", "nan(0x7fc)", "1e999",
        "-1e999", "1e-999", "-0", "+1", ".5", "5.", "1E5", "0.000000000000000000000000000000000000000000001",
    ];

    private static readonly string[] s_badNumbers =
    [
        "0x1p3", "--1", "1..2", "1,5", "1e", "e5", "nanx", "infinit", "\u221e", "1\u00002", "\u00ff", "+", "-", ".", "1e+-2", "\u0661",
    ];

    /// <summary>Mutant <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static Mutant Create(int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        var b = Bases[index % Bases.Count];
        var kind = rng.Next(20);
        var (what, bytes, valid) = Mutate(rng, b, kind);
        // A second change on a share of them, of a kind that does not need to find the entries.
        if (!valid && rng.Next(4) == 0 && bytes.Length > 0)
        {
            int[] blind = [0, 2, 3, 4, 5, 17];
            var (w2, b2, _) = Mutate(rng, b with { Bytes = bytes }, blind[rng.Next(blind.Length)]);
            what += " + " + w2;
            bytes = b2;
        }
        var must = valid ? ReferenceVectorDecoder.Decode(bytes, b.Format) : null;
        if (valid && must == null) throw new InvalidOperationException($"mutant {index} ({b.Name}: {what}) was meant to stay valid");
        return new Mutant($"{b.Name}: {what}", bytes, must);
    }

    private static (string What, byte[] Bytes, bool Valid) Mutate(Random rng, Base b, int kind)
    {
        byte[] f = b.Bytes;
        int headerEnd = Array.IndexOf(f, (byte)'\n') + 1;
        switch (kind)
        {
            case 0:
                {
                    int at = rng.Next(f.Length);
                    return ($"cut at {at}", f[..at], false);
                }
            case 1:
                {
                    int at = StructuralPosition(rng, b, out string where);
                    return ($"cut {where} ({at})", f[..at], false);
                }
            case 2:
                {
                    int at = rng.Next(f.Length);
                    int bit = rng.Next(8);
                    var m = (byte[])f.Clone();
                    m[at] ^= (byte)(1 << bit);
                    return ($"flip bit {bit} of byte {at}", m, false);
                }
            case 3:
                {
                    int at = rng.Next(f.Length);
                    byte v = SpecialByte(rng);
                    var m = (byte[])f.Clone();
                    m[at] = v;
                    return ($"byte {at} = 0x{v:x2}", m, false);
                }
            case 4:
                {
                    int at = rng.Next(f.Length + 1);
                    var ins = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => SpecialByte(rng)).ToArray();
                    return ($"insert {Convert.ToHexString(ins)} at {at}", [.. f[..at], .. ins, .. f[at..]], false);
                }
            case 5:
                {
                    int at = rng.Next(f.Length);
                    int len = Math.Min(f.Length - at, rng.Next(1, 17));
                    return ($"delete {len} at {at}", [.. f[..at], .. f[(at + len)..]], false);
                }
            case 6:
                {
                    string lie = s_countLies[rng.Next(s_countLies.Length)];
                    var (words, size) = HeaderOf(f);
                    string header = rng.Next(2) == 0 ? $"{lie} {size}\n" : $"{words} {lie}\n";
                    return ($"header '{Escape(header)}'", [.. Encoding.UTF8.GetBytes(header), .. f[headerEnd..]], false);
                }
            case 7:
                {
                    var (words, size) = HeaderOf(f);
                    long[] sizes = [size - 1, size + 1, 1L << 20, (1L << 20) + 1, 1L << 31, (1L << 31) - 1, 0, -1, long.MaxValue];
                    long[] counts = [words - 1, words + 1, words * 2, 1L << 31, (1L << 31) - 1, long.MaxValue, 0];
                    string header = rng.Next(2) == 0
                        ? $"{counts[rng.Next(counts.Length)]} {size}\n"
                        : $"{words} {sizes[rng.Next(sizes.Length)]}\n";
                    return ($"header '{Escape(header)}'", [.. Encoding.ASCII.GetBytes(header), .. f[headerEnd..]], false);
                }
            case 8:
                {
                    var (words, size) = HeaderOf(f);
                    (string Form, bool Valid)[] forms =
                    [
                        ($"{words} {size}", true), ($"{words}\t{size}", true), ($"  {words}  {size}  \r", true), ($"{words}\n{size}", true),
                    ($"{words}", false), ($"{words} {size} 7", false), ("", false), ($"{words},{size}", false),
                ];
                    var (form, valid) = forms[rng.Next(forms.Length)];
                    byte[] head = rng.Next(5) == 0 ? [] : Encoding.ASCII.GetBytes(form + "\n");
                    return ($"header line '{Escape(Encoding.ASCII.GetString(head))}'", [.. head, .. f[headerEnd..]], valid && head.Length > 0);
                }
            case 9:
                return SpecialValue(rng, b);
            case 10:
                return DuplicateEntry(rng, b);
            case 11:
                return EmptyWord(rng, b);
            case 12:
                {
                    // Without the final newline.
                    if (f[^1] != '\n') return ("unchanged", f, true);
                    return ("no final newline", f[..^1], true);
                }
            case 13:
                {
                    string[] extras = ["\n", "\n\n\r\n", "   \t", "x", "x 1 2 3\n", "\0", "\n\u00ff"];
                    string extra = extras[rng.Next(extras.Length)];
                    bool blank = extra.All(c => c is ' ' or '\t' or '\n' or '\r');
                    return ($"append '{Escape(extra)}'", [.. f, .. Encoding.Latin1.GetBytes(extra)], blank);
                }
            case 14:
                {
                    // Windows line ends: a text file stays valid, a binary file's floats change.
                    var m = new List<byte>(f.Length + 64);
                    foreach (byte x in f)
                    {
                        if (x == '\n') m.Add((byte)'\r');
                        m.Add(x);
                    }
                    return ("CRLF", [.. m], b.Format == VectorFileFormat.Text);
                }
            case 15:
                {
                    var other = Bases[rng.Next(Bases.Count)];
                    int otherEnd = Array.IndexOf(other.Bytes, (byte)'\n') + 1;
                    return ($"header of {other.Name}", [.. other.Bytes[..otherEnd], .. f[headerEnd..]], false);
                }
            case 16:
                {
                    int len = rng.Next(3) == 0 ? VectorFileReader.MaxWordBytes + 1 : rng.Next(100, 400);
                    var word = Enumerable.Range(0, len).Select(_ => (byte)rng.Next('a', 'z' + 1)).ToArray();
                    int at = WordStart(rng, b, out int wordEnd);
                    bool valid = len <= VectorFileReader.MaxWordBytes;
                    return ($"word of {len} bytes at {at}", [.. f[..at], .. word, .. f[wordEnd..]], valid);
                }
            case 17:
                {
                    // A stretch of random bytes over part of the body.
                    var m = (byte[])f.Clone();
                    int at = headerEnd + rng.Next(Math.Max(1, f.Length - headerEnd));
                    int len = Math.Min(m.Length - at, rng.Next(1, 64));
                    rng.NextBytes(m.AsSpan(at, len));
                    return ($"random {len} bytes at {at}", m, false);
                }
            case 18:
                return BadNumber(rng, b);
            default:
                {
                    // Another file appended, or this file's body repeated.
                    var other = Bases[rng.Next(Bases.Count)];
                    return rng.Next(2) == 0
                        ? ($"then {other.Name}", [.. f, .. other.Bytes], false)
                        : ("body twice", [.. f, .. f[headerEnd..]], false);
                }
        }
    }

    private static byte SpecialByte(Random rng)
    {
        byte[] special = [0, (byte)' ', (byte)'\n', (byte)'\r', (byte)'\t', (byte)'-', (byte)'+', (byte)'.', (byte)'9', (byte)'e', (byte)'n', 0x7F, 0x80, 0xC3, 0xFF, 0x1B];
        return rng.Next(3) == 0 ? (byte)rng.Next(256) : special[rng.Next(special.Length)];
    }

    private static (long Words, long Size) HeaderOf(byte[] f)
    {
        var parts = Encoding.ASCII.GetString(f, 0, Array.IndexOf(f, (byte)'\n')).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Where each entry's word starts and ends (its space), from the valid base file.</summary>
    private static List<(int WordStart, int Space, int RowEnd)> Entries(Base b)
    {
        var d = ReferenceVectorDecoder.Decode(b.Bytes, b.Format)!;
        var list = new List<(int, int, int)>();
        byte[] f = b.Bytes;
        int p = Array.IndexOf(f, (byte)'\n') + 1;
        for (int w = 0; w < d.Words.Length; w++)
        {
            while (f[p] is (byte)'\n' or (byte)'\r') p++;
            int space = Array.IndexOf(f, (byte)' ', p);
            int end = b.Format == VectorFileFormat.Binary ? space + 1 + 4 * d.Size : Array.IndexOf(f, (byte)'\n', space);
            if (end < 0) end = f.Length;
            list.Add((p, space, end));
            p = end;
        }
        return list;
    }

    private static int WordStart(Random rng, Base b, out int wordEnd)
    {
        var e = Entries(b);
        var (start, space, _) = e[rng.Next(e.Count)];
        wordEnd = space;
        return start;
    }

    /// <summary>A cut at one kind of place: inside the header, right after it, inside a word, right after a
    /// word's space, inside a row, at a row's end (before its newline), or after a whole entry.</summary>
    private static int StructuralPosition(Random rng, Base b, out string where)
    {
        var e = Entries(b);
        var (start, space, end) = e[rng.Next(e.Count)];
        int headerEnd = Array.IndexOf(b.Bytes, (byte)'\n') + 1;
        switch (rng.Next(7))
        {
            case 0: where = "in the header"; return rng.Next(headerEnd);
            case 1: where = "after the header"; return headerEnd;
            case 2: where = "in a word"; return start + rng.Next(Math.Max(1, space - start));
            case 3: where = "after a word's space"; return space + 1;
            case 4: where = "in a row"; return space + 1 + rng.Next(Math.Max(1, end - space - 1));
            case 5: where = "at a row's end"; return end;
            default: where = "after an entry"; return Math.Min(b.Bytes.Length, end + 1);
        }
    }

    /// <summary>A NaN, an infinity, a subnormal or an extreme in place of one value; valid in either layout.</summary>
    private static (string, byte[], bool) SpecialValue(Random rng, Base b)
    {
        var e = Entries(b);
        var (_, space, end) = e[rng.Next(e.Count)];
        var f = b.Bytes;
        if (b.Format == VectorFileFormat.Binary)
        {
            float[] values = [float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, float.MinValue, -0f, BitConverter.Int32BitsToSingle(0x7F800001)];
            float v = values[rng.Next(values.Length)];
            int k = rng.Next((end - space - 1) / 4);
            var m = (byte[])f.Clone();
            BitConverter.TryWriteBytes(m.AsSpan(space + 1 + 4 * k), v);
            return ($"value {k} of the entry at {space} = 0x{BitConverter.SingleToInt32Bits(v):x8}", m, true);
        }
        var (tokenStart, tokenEnd) = TextToken(rng, f, space, end);
        string s = s_numberSpellings[rng.Next(s_numberSpellings.Length)];
        return ($"number at {tokenStart} = '{s}'", [.. f[..tokenStart], .. Encoding.ASCII.GetBytes(s), .. f[tokenEnd..]], true);
    }

    private static (string, byte[], bool) BadNumber(Random rng, Base b)
    {
        if (b.Format == VectorFileFormat.Binary) return SpecialValue(rng, b);
        var e = Entries(b);
        var (_, space, end) = e[rng.Next(e.Count)];
        var (tokenStart, tokenEnd) = TextToken(rng, b.Bytes, space, end);
        string s = s_badNumbers[rng.Next(s_badNumbers.Length)];
        return ($"number at {tokenStart} = '{Escape(s)}'", [.. b.Bytes[..tokenStart], .. Encoding.UTF8.GetBytes(s), .. b.Bytes[tokenEnd..]], false);
    }

    private static (int Start, int End) TextToken(Random rng, byte[] f, int space, int end)
    {
        var starts = new List<int>();
        for (int i = space + 1; i < end; i++)
            if (f[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r') && f[i - 1] is (byte)' ' or (byte)'\t') starts.Add(i);
        int start = starts[rng.Next(starts.Count)];
        int stop = start;
        while (stop < end && f[stop] is not ((byte)' ' or (byte)'\t' or (byte)'\r')) stop++;
        return (start, stop);
    }

    private static (string, byte[], bool) DuplicateEntry(Random rng, Base b)
    {
        var e = Entries(b);
        var (start, _, end) = e[rng.Next(e.Count)];
        var (words, size) = HeaderOf(b.Bytes);
        byte[] f = b.Bytes;
        int headerEnd = Array.IndexOf(f, (byte)'\n') + 1;
        int entryEnd = end < f.Length && f[end] == '\n' ? end + 1 : end;
        var entry = f[start..entryEnd];
        if (entry[^1] != '\n') entry = [.. entry, (byte)'\n'];
        byte[] header = Encoding.ASCII.GetBytes($"{words + 1} {size}\n");
        // A duplicate word: lookups find the first, as the C tools' linear scans do.
        return ($"entry at {start} twice", [.. header, .. f[headerEnd..start], .. entry, .. f[start..]], true);
    }

    private static (string, byte[], bool) EmptyWord(Random rng, Base b)
    {
        int at = WordStart(rng, b, out int wordEnd);
        return ($"empty word at {at}", [.. b.Bytes[..at], .. b.Bytes[wordEnd..]], true);
    }

    internal static string Escape(string s) => string.Concat(s.Select(c => c < ' ' || c > '~' ? $"\\x{(int)c:x2}" : c.ToString()));

    private static Base[] BuildBases()
    {
        static byte[] Write(string[] words, float[] vectors, int size, bool binary)
        {
            using var ms = new MemoryStream();
            VectorFileWriter.Write(ms, words.Select(Encoding.UTF8.GetBytes).ToArray(), vectors, size, binary);
            return ms.ToArray();
        }
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue, float.MinValue, 1e-30f, 123456.79f, 0.1f, -2.5f, 3f];
        string[] odd = ["</s>", "x\ty", "\u00fcn\u00efc\u00f6d\u00e9", "king"];
        // Floats whose bytes look like digits, blanks and newlines.
        float[] textLike = [BitConverter.ToSingle("1 2\n"u8), BitConverter.ToSingle("0.5\n"u8), BitConverter.ToSingle("\n\n\n\n"u8), BitConverter.ToSingle("9 9 "u8),
            BitConverter.ToSingle("nan "u8), BitConverter.ToSingle("-inf"u8)];
        var rng = new Random(11);
        var random = Enumerable.Range(0, 40 * 5).Select(_ => (float)Math.Round(rng.NextDouble() * 4 - 2, 5)).ToArray();
        var randomWords = Enumerable.Range(0, 40).Select(i => i == 0 ? "king" : $"w{i}").ToArray();
        return
        [
            new("fixture binary", VectorFixtures.File(true), VectorFileFormat.Binary),
            new("fixture text", VectorFixtures.File(false), VectorFileFormat.Text),
            new("one binary", Write(["king"], [0.25f], 1, true), VectorFileFormat.Binary),
            new("one text", Write(["king"], [0.25f], 1, false), VectorFileFormat.Text),
            new("special binary", Write(odd, special, 3, true), VectorFileFormat.Binary),
            new("special text", Write(odd, special, 3, false), VectorFileFormat.Text),
            new("text-like binary", Write(["king", "queen", "a"], textLike, 2, true), VectorFileFormat.Binary),
            new("gensim text", "3 4\nking 0.1 -0.2 3e-05 1.0\nqueen nan inf -inf 0.0\nman 1.5 2.5 -3.25 4.125\n"u8.ToArray(), VectorFileFormat.Text),
            new("windows text", "2 3\r\nking 1.000000 0.000000 0.000000 \r\nqueen 0.000000 1.000000 0.000000 \r\n"u8.ToArray(), VectorFileFormat.Text),
            new("gensim binary", [.. "2 2\nking "u8, .. Floats(1f, 2f), .. "queen "u8, .. Floats(-1f, 0.5f)], VectorFileFormat.Binary),
            new("random binary", Write(randomWords, random, 5, true), VectorFileFormat.Binary),
            new("random text", Write(randomWords, random, 5, false), VectorFileFormat.Text),
        ];
    }

    private static byte[] Floats(params float[] v) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
}
