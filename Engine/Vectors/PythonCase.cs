using System.Collections.Frozen;
using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// Python 3's <c>str.upper</c>, which gensim applies to words when case does not count: Unicode's full case mapping
/// (SpecialCasing.txt's unconditional upper-case mappings, so ß becomes SS and the ﬁ ligature FI), code point by code
/// point. .NET's <see cref="Rune.ToUpperInvariant"/> gives the simple mapping (one code point for one); the table
/// below holds every code point where the two differ for Python 3.11 (Unicode 14): the 102 that expand to several,
/// and dotless ı, which .NET's invariant culture leaves alone and Python maps to I.
/// <c>Parity/Tools/GensimQueryParityTests.cs</c> compares every code point with the Python that runs gensim.
/// </summary>
internal static class PythonCase
{
    private static readonly FrozenDictionary<char, string> s_special = new Dictionary<char, string>
    {
        [(char)0x00DF] = "SS",
        [(char)0x0131] = "I",
        [(char)0x0149] = "\u02BCN",
        [(char)0x01F0] = "J\u030C",
        [(char)0x0390] = "\u0399\u0308\u0301",
        [(char)0x03B0] = "\u03A5\u0308\u0301",
        [(char)0x0587] = "\u0535\u0552",
        [(char)0x1E96] = "H\u0331",
        [(char)0x1E97] = "T\u0308",
        [(char)0x1E98] = "W\u030A",
        [(char)0x1E99] = "Y\u030A",
        [(char)0x1E9A] = "A\u02BE",
        [(char)0x1F50] = "\u03A5\u0313",
        [(char)0x1F52] = "\u03A5\u0313\u0300",
        [(char)0x1F54] = "\u03A5\u0313\u0301",
        [(char)0x1F56] = "\u03A5\u0313\u0342",
        [(char)0x1F80] = "\u1F08\u0399",
        [(char)0x1F81] = "\u1F09\u0399",
        [(char)0x1F82] = "\u1F0A\u0399",
        [(char)0x1F83] = "\u1F0B\u0399",
        [(char)0x1F84] = "\u1F0C\u0399",
        [(char)0x1F85] = "\u1F0D\u0399",
        [(char)0x1F86] = "\u1F0E\u0399",
        [(char)0x1F87] = "\u1F0F\u0399",
        [(char)0x1F88] = "\u1F08\u0399",
        [(char)0x1F89] = "\u1F09\u0399",
        [(char)0x1F8A] = "\u1F0A\u0399",
        [(char)0x1F8B] = "\u1F0B\u0399",
        [(char)0x1F8C] = "\u1F0C\u0399",
        [(char)0x1F8D] = "\u1F0D\u0399",
        [(char)0x1F8E] = "\u1F0E\u0399",
        [(char)0x1F8F] = "\u1F0F\u0399",
        [(char)0x1F90] = "\u1F28\u0399",
        [(char)0x1F91] = "\u1F29\u0399",
        [(char)0x1F92] = "\u1F2A\u0399",
        [(char)0x1F93] = "\u1F2B\u0399",
        [(char)0x1F94] = "\u1F2C\u0399",
        [(char)0x1F95] = "\u1F2D\u0399",
        [(char)0x1F96] = "\u1F2E\u0399",
        [(char)0x1F97] = "\u1F2F\u0399",
        [(char)0x1F98] = "\u1F28\u0399",
        [(char)0x1F99] = "\u1F29\u0399",
        [(char)0x1F9A] = "\u1F2A\u0399",
        [(char)0x1F9B] = "\u1F2B\u0399",
        [(char)0x1F9C] = "\u1F2C\u0399",
        [(char)0x1F9D] = "\u1F2D\u0399",
        [(char)0x1F9E] = "\u1F2E\u0399",
        [(char)0x1F9F] = "\u1F2F\u0399",
        [(char)0x1FA0] = "\u1F68\u0399",
        [(char)0x1FA1] = "\u1F69\u0399",
        [(char)0x1FA2] = "\u1F6A\u0399",
        [(char)0x1FA3] = "\u1F6B\u0399",
        [(char)0x1FA4] = "\u1F6C\u0399",
        [(char)0x1FA5] = "\u1F6D\u0399",
        [(char)0x1FA6] = "\u1F6E\u0399",
        [(char)0x1FA7] = "\u1F6F\u0399",
        [(char)0x1FA8] = "\u1F68\u0399",
        [(char)0x1FA9] = "\u1F69\u0399",
        [(char)0x1FAA] = "\u1F6A\u0399",
        [(char)0x1FAB] = "\u1F6B\u0399",
        [(char)0x1FAC] = "\u1F6C\u0399",
        [(char)0x1FAD] = "\u1F6D\u0399",
        [(char)0x1FAE] = "\u1F6E\u0399",
        [(char)0x1FAF] = "\u1F6F\u0399",
        [(char)0x1FB2] = "\u1FBA\u0399",
        [(char)0x1FB3] = "\u0391\u0399",
        [(char)0x1FB4] = "\u0386\u0399",
        [(char)0x1FB6] = "\u0391\u0342",
        [(char)0x1FB7] = "\u0391\u0342\u0399",
        [(char)0x1FBC] = "\u0391\u0399",
        [(char)0x1FC2] = "\u1FCA\u0399",
        [(char)0x1FC3] = "\u0397\u0399",
        [(char)0x1FC4] = "\u0389\u0399",
        [(char)0x1FC6] = "\u0397\u0342",
        [(char)0x1FC7] = "\u0397\u0342\u0399",
        [(char)0x1FCC] = "\u0397\u0399",
        [(char)0x1FD2] = "\u0399\u0308\u0300",
        [(char)0x1FD3] = "\u0399\u0308\u0301",
        [(char)0x1FD6] = "\u0399\u0342",
        [(char)0x1FD7] = "\u0399\u0308\u0342",
        [(char)0x1FE2] = "\u03A5\u0308\u0300",
        [(char)0x1FE3] = "\u03A5\u0308\u0301",
        [(char)0x1FE4] = "\u03A1\u0313",
        [(char)0x1FE6] = "\u03A5\u0342",
        [(char)0x1FE7] = "\u03A5\u0308\u0342",
        [(char)0x1FF2] = "\u1FFA\u0399",
        [(char)0x1FF3] = "\u03A9\u0399",
        [(char)0x1FF4] = "\u038F\u0399",
        [(char)0x1FF6] = "\u03A9\u0342",
        [(char)0x1FF7] = "\u03A9\u0342\u0399",
        [(char)0x1FFC] = "\u03A9\u0399",
        [(char)0xFB00] = "FF",
        [(char)0xFB01] = "FI",
        [(char)0xFB02] = "FL",
        [(char)0xFB03] = "FFI",
        [(char)0xFB04] = "FFL",
        [(char)0xFB05] = "ST",
        [(char)0xFB06] = "ST",
        [(char)0xFB13] = "\u0544\u0546",
        [(char)0xFB14] = "\u0544\u0535",
        [(char)0xFB15] = "\u0544\u053B",
        [(char)0xFB16] = "\u054E\u0546",
        [(char)0xFB17] = "\u0544\u053D",
    }.ToFrozenDictionary();

    /// <summary><paramref name="s"/> upper-cased as Python's <c>str.upper</c> does; an unpaired surrogate is kept.</summary>
    public static string Upper(string s)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length;)
        {
            string? mapped;
            int used;
            if (s_special.TryGetValue(s[i], out var special))
            {
                mapped = special;
                used = 1;
            }
            else if (Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out used) == System.Buffers.OperationStatus.Done)
            {
                var upper = Rune.ToUpperInvariant(rune);
                mapped = upper == rune ? null : upper.ToString();
            }
            else
            {
                mapped = null;
                used = 1;
            }
            if (mapped != null)
            {
                sb ??= new StringBuilder(s.Length + 4).Append(s, 0, i);
                sb.Append(mapped);
            }
            else
            {
                sb?.Append(s, i, used);
            }
            i += used;
        }
        return sb?.ToString() ?? s;
    }
}
