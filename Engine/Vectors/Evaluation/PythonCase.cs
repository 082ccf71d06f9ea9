using System.Collections.Frozen;
using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// Python 3's <c>str.upper</c>, which gensim applies to words when case does not count, exactly as Python 3.11
/// (Unicode 14) computes it, code point by code point: Unicode's full case mapping, so ß becomes SS and the ﬁ
/// ligature FI (SpecialCasing.txt's unconditional mappings), and the one-to-one mappings of UnicodeData.txt. The
/// tables are Python's own, not .NET's casing, which differs from it (simple mappings only, and under invariant
/// globalization no ı to I or ſ to S, and letters of later Unicode versions) and from one host setting to another.
/// <c>Parity/Tools/GensimEdgeCaseParityTests.cs</c> compares every code point with the Python that runs gensim.
/// </summary>
internal static class PythonCase
{
    /// <summary>The code points that upper-case to several (all in the BMP).</summary>
    private static readonly FrozenDictionary<char, string> s_expanding = new Dictionary<char, string>
    {
        [(char)0x00DF] = "SS",
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

    /// <summary>One-to-one mappings as runs: code points First, First + Step, ... Last each move by Delta.</summary>
    private static readonly (int First, int Last, int Step, int Delta)[] s_runs =
    [
        (0x0061, 0x007A, 1, -32), (0x00B5, 0x00B5, 1, 743), (0x00E0, 0x00F6, 1, -32), (0x00F8, 0x00FE, 1, -32),
        (0x00FF, 0x00FF, 1, 121), (0x0101, 0x012F, 2, -1), (0x0131, 0x0131, 1, -232), (0x0133, 0x0137, 2, -1),
        (0x013A, 0x0148, 2, -1), (0x014B, 0x0177, 2, -1), (0x017A, 0x017E, 2, -1), (0x017F, 0x017F, 1, -300),
        (0x0180, 0x0180, 1, 195), (0x0183, 0x0185, 2, -1), (0x0188, 0x0188, 1, -1), (0x018C, 0x018C, 1, -1),
        (0x0192, 0x0192, 1, -1), (0x0195, 0x0195, 1, 97), (0x0199, 0x0199, 1, -1), (0x019A, 0x019A, 1, 163),
        (0x019E, 0x019E, 1, 130), (0x01A1, 0x01A5, 2, -1), (0x01A8, 0x01A8, 1, -1), (0x01AD, 0x01AD, 1, -1),
        (0x01B0, 0x01B0, 1, -1), (0x01B4, 0x01B6, 2, -1), (0x01B9, 0x01B9, 1, -1), (0x01BD, 0x01BD, 1, -1),
        (0x01BF, 0x01BF, 1, 56), (0x01C5, 0x01C5, 1, -1), (0x01C6, 0x01C6, 1, -2), (0x01C8, 0x01C8, 1, -1),
        (0x01C9, 0x01C9, 1, -2), (0x01CB, 0x01CB, 1, -1), (0x01CC, 0x01CC, 1, -2), (0x01CE, 0x01DC, 2, -1),
        (0x01DD, 0x01DD, 1, -79), (0x01DF, 0x01EF, 2, -1), (0x01F2, 0x01F2, 1, -1), (0x01F3, 0x01F3, 1, -2),
        (0x01F5, 0x01F5, 1, -1), (0x01F9, 0x021F, 2, -1), (0x0223, 0x0233, 2, -1), (0x023C, 0x023C, 1, -1),
        (0x023F, 0x0240, 1, 10815), (0x0242, 0x0242, 1, -1), (0x0247, 0x024F, 2, -1), (0x0250, 0x0250, 1, 10783),
        (0x0251, 0x0251, 1, 10780), (0x0252, 0x0252, 1, 10782), (0x0253, 0x0253, 1, -210), (0x0254, 0x0254, 1, -206),
        (0x0256, 0x0257, 1, -205), (0x0259, 0x0259, 1, -202), (0x025B, 0x025B, 1, -203), (0x025C, 0x025C, 1, 42319),
        (0x0260, 0x0260, 1, -205), (0x0261, 0x0261, 1, 42315), (0x0263, 0x0263, 1, -207), (0x0265, 0x0265, 1, 42280),
        (0x0266, 0x0266, 1, 42308), (0x0268, 0x0268, 1, -209), (0x0269, 0x0269, 1, -211), (0x026A, 0x026A, 1, 42308),
        (0x026B, 0x026B, 1, 10743), (0x026C, 0x026C, 1, 42305), (0x026F, 0x026F, 1, -211), (0x0271, 0x0271, 1, 10749),
        (0x0272, 0x0272, 1, -213), (0x0275, 0x0275, 1, -214), (0x027D, 0x027D, 1, 10727), (0x0280, 0x0280, 1, -218),
        (0x0282, 0x0282, 1, 42307), (0x0283, 0x0283, 1, -218), (0x0287, 0x0287, 1, 42282), (0x0288, 0x0288, 1, -218),
        (0x0289, 0x0289, 1, -69), (0x028A, 0x028B, 1, -217), (0x028C, 0x028C, 1, -71), (0x0292, 0x0292, 1, -219),
        (0x029D, 0x029D, 1, 42261), (0x029E, 0x029E, 1, 42258), (0x0345, 0x0345, 1, 84), (0x0371, 0x0373, 2, -1),
        (0x0377, 0x0377, 1, -1), (0x037B, 0x037D, 1, 130), (0x03AC, 0x03AC, 1, -38), (0x03AD, 0x03AF, 1, -37),
        (0x03B1, 0x03C1, 1, -32), (0x03C2, 0x03C2, 1, -31), (0x03C3, 0x03CB, 1, -32), (0x03CC, 0x03CC, 1, -64),
        (0x03CD, 0x03CE, 1, -63), (0x03D0, 0x03D0, 1, -62), (0x03D1, 0x03D1, 1, -57), (0x03D5, 0x03D5, 1, -47),
        (0x03D6, 0x03D6, 1, -54), (0x03D7, 0x03D7, 1, -8), (0x03D9, 0x03EF, 2, -1), (0x03F0, 0x03F0, 1, -86),
        (0x03F1, 0x03F1, 1, -80), (0x03F2, 0x03F2, 1, 7), (0x03F3, 0x03F3, 1, -116), (0x03F5, 0x03F5, 1, -96),
        (0x03F8, 0x03F8, 1, -1), (0x03FB, 0x03FB, 1, -1), (0x0430, 0x044F, 1, -32), (0x0450, 0x045F, 1, -80),
        (0x0461, 0x0481, 2, -1), (0x048B, 0x04BF, 2, -1), (0x04C2, 0x04CE, 2, -1), (0x04CF, 0x04CF, 1, -15),
        (0x04D1, 0x052F, 2, -1), (0x0561, 0x0586, 1, -48), (0x10D0, 0x10FA, 1, 3008), (0x10FD, 0x10FF, 1, 3008),
        (0x13F8, 0x13FD, 1, -8), (0x1C80, 0x1C80, 1, -6254), (0x1C81, 0x1C81, 1, -6253), (0x1C82, 0x1C82, 1, -6244),
        (0x1C83, 0x1C84, 1, -6242), (0x1C85, 0x1C85, 1, -6243), (0x1C86, 0x1C86, 1, -6236), (0x1C87, 0x1C87, 1, -6181),
        (0x1C88, 0x1C88, 1, 35266), (0x1D79, 0x1D79, 1, 35332), (0x1D7D, 0x1D7D, 1, 3814), (0x1D8E, 0x1D8E, 1, 35384),
        (0x1E01, 0x1E95, 2, -1), (0x1E9B, 0x1E9B, 1, -59), (0x1EA1, 0x1EFF, 2, -1), (0x1F00, 0x1F07, 1, 8),
        (0x1F10, 0x1F15, 1, 8), (0x1F20, 0x1F27, 1, 8), (0x1F30, 0x1F37, 1, 8), (0x1F40, 0x1F45, 1, 8),
        (0x1F51, 0x1F57, 2, 8), (0x1F60, 0x1F67, 1, 8), (0x1F70, 0x1F71, 1, 74), (0x1F72, 0x1F75, 1, 86),
        (0x1F76, 0x1F77, 1, 100), (0x1F78, 0x1F79, 1, 128), (0x1F7A, 0x1F7B, 1, 112), (0x1F7C, 0x1F7D, 1, 126),
        (0x1FB0, 0x1FB1, 1, 8), (0x1FBE, 0x1FBE, 1, -7205), (0x1FD0, 0x1FD1, 1, 8), (0x1FE0, 0x1FE1, 1, 8),
        (0x1FE5, 0x1FE5, 1, 7), (0x214E, 0x214E, 1, -28), (0x2170, 0x217F, 1, -16), (0x2184, 0x2184, 1, -1),
        (0x24D0, 0x24E9, 1, -26), (0x2C30, 0x2C5F, 1, -48), (0x2C61, 0x2C61, 1, -1), (0x2C65, 0x2C65, 1, -10795),
        (0x2C66, 0x2C66, 1, -10792), (0x2C68, 0x2C6C, 2, -1), (0x2C73, 0x2C73, 1, -1), (0x2C76, 0x2C76, 1, -1),
        (0x2C81, 0x2CE3, 2, -1), (0x2CEC, 0x2CEE, 2, -1), (0x2CF3, 0x2CF3, 1, -1), (0x2D00, 0x2D25, 1, -7264),
        (0x2D27, 0x2D27, 1, -7264), (0x2D2D, 0x2D2D, 1, -7264), (0xA641, 0xA66D, 2, -1), (0xA681, 0xA69B, 2, -1),
        (0xA723, 0xA72F, 2, -1), (0xA733, 0xA76F, 2, -1), (0xA77A, 0xA77C, 2, -1), (0xA77F, 0xA787, 2, -1),
        (0xA78C, 0xA78C, 1, -1), (0xA791, 0xA793, 2, -1), (0xA794, 0xA794, 1, 48), (0xA797, 0xA7A9, 2, -1),
        (0xA7B5, 0xA7C3, 2, -1), (0xA7C8, 0xA7CA, 2, -1), (0xA7D1, 0xA7D1, 1, -1), (0xA7D7, 0xA7D9, 2, -1),
        (0xA7F6, 0xA7F6, 1, -1), (0xAB53, 0xAB53, 1, -928), (0xAB70, 0xABBF, 1, -38864), (0xFF41, 0xFF5A, 1, -32),
        (0x10428, 0x1044F, 1, -40), (0x104D8, 0x104FB, 1, -40), (0x10597, 0x105A1, 1, -39), (0x105A3, 0x105B1, 1, -39),
        (0x105B3, 0x105B9, 1, -39), (0x105BB, 0x105BC, 1, -39), (0x10CC0, 0x10CF2, 1, -64), (0x118C0, 0x118DF, 1, -32),
        (0x16E60, 0x16E7F, 1, -32), (0x1E922, 0x1E943, 1, -34),
    ];

    /// <summary><paramref name="s"/> upper-cased as Python's <c>str.upper</c> does; an unpaired surrogate is kept.</summary>
    public static string Upper(string s)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length;)
        {
            string? mapped = null;
            int used = 1;
            if (s_expanding.TryGetValue(s[i], out var expansion))
            {
                mapped = expansion;
            }
            else if (Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out used) == System.Buffers.OperationStatus.Done)
            {
                int upper = Simple(rune.Value);
                if (upper != rune.Value) mapped = char.ConvertFromUtf32(upper);
            }
            else
            {
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

    private static int Simple(int c)
    {
        int lo = 0, hi = s_runs.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            var r = s_runs[mid];
            if (c < r.First) hi = mid - 1;
            else if (c > r.Last) lo = mid + 1;
            else return (c - r.First) % r.Step == 0 ? c + r.Delta : c;
        }
        return c;
    }
}
