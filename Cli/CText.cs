using System.Text;
using Word2VecNative.Text;

namespace Word2VecNative.Cli;

/// <summary>C library behaviours the companion commands need: atoi/atof, printf's %Ns and %f.</summary>
internal static class CText
{
    /// <summary>C's atoi: optional blanks and sign, then digits up to the first other character; 0 if none.</summary>
    public static int Atoi(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        bool neg = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
        long v = 0;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9' && v < int.MaxValue) v = v * 10 + (s[i++] - '0');
        v = neg ? -v : v;
        return (int)Math.Clamp(v, int.MinValue, int.MaxValue);
    }

    /// <summary>printf("%Ns", word): the word right-aligned in <paramref name="width"/> bytes.</summary>
    public static string PadLeft(ReadOnlySpan<byte> word, int width)
    {
        string s = Encoding.UTF8.GetString(word);
        return word.Length >= width ? s : new string(' ', width - word.Length) + s;
    }

    /// <summary>printf("%f", value).</summary>
    public static string F(double value, int decimals = 6)
    {
        Span<byte> buf = stackalloc byte[400];
        int n = CFormat.FormatFixed(value, decimals, buf);
        return Encoding.ASCII.GetString(buf[..n]);
    }
}
