using System.Globalization;
using System.Numerics;

namespace Word2VecNative.Cli;

/// <summary>
/// How the C tools read a number from the command line: <c>atoi</c> and <c>atof</c>, that is glibc's <c>strtol</c>
/// (base 10) and <c>strtod</c> in the "C" locale. Each reads the longest prefix that is a number, after blanks, and
/// ignores what follows (<c>"20abc"</c> is 20, <c>"abc"</c> is 0). These give the prefix and its value; what the
/// command line makes of it (a warning, an error) is <see cref="FlagValue"/>'s to decide.
/// </summary>
internal static class CNumber
{
    /// <summary>C's <c>isspace</c> in the "C" locale.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>True when <paramref name="s"/> holds nothing but blanks from <paramref name="start"/> on.</summary>
    public static bool OnlySpaceFrom(string s, int start)
    {
        for (int i = start; i < s.Length; i++)
        {
            if (!IsSpace(s[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// <c>strtol(s, &amp;end, 10)</c>'s prefix: blanks, a sign, decimal digits. Returns the index after the digits, or -1
    /// when there is none (where <c>atoi</c> gives 0). <paramref name="magnitude"/> holds the digits' value, and
    /// <paramref name="overflow"/> says it passed 2^64 (C's <c>atoi</c> then returns a wrapped value).
    /// </summary>
    public static int Integer(string s, out bool negative, out ulong magnitude, out bool overflow)
    {
        int i = SkipSpace(s, 0);
        negative = false;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        magnitude = 0;
        overflow = false;
        int digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            ulong d = (ulong)(s[i++] - '0');
            if (magnitude > (ulong.MaxValue - d) / 10) overflow = true;
            else magnitude = magnitude * 10 + d;
        }
        return i > digits ? i : -1;
    }

    /// <summary>
    /// <c>strtod(s, &amp;end)</c>'s prefix: blanks, a sign, then a decimal number (digits with an optional point and an
    /// exponent that counts only with its digits), a hexadecimal one (<c>0x1.8p3</c>), <c>inf</c>, <c>infinity</c> or
    /// <c>nan</c> (any case, <c>nan(chars)</c> too). Returns the index after it, or -1 when there is none (where
    /// <c>atof</c> gives 0); <paramref name="value"/> is correctly rounded, as glibc rounds it.
    /// </summary>
    public static int Floating(string s, out double value)
    {
        value = 0;
        int i = SkipSpace(s, 0);
        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        int end;
        if (StartsWithIgnoreCase(s, i, "inf"))
        {
            end = i + (StartsWithIgnoreCase(s, i, "infinity") ? 8 : 3);
            value = double.PositiveInfinity;
        }
        else if (StartsWithIgnoreCase(s, i, "nan"))
        {
            end = i + 3;
            if (end < s.Length && s[end] == '(')
            {
                int j = end + 1;
                while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_')) j++;
                if (j < s.Length && s[j] == ')') end = j + 1;
            }
            value = double.NaN;
        }
        else if (i + 1 < s.Length && s[i] == '0' && s[i + 1] is 'x' or 'X' && Hexadecimal(s, i + 2, out end, out value))
        {
        }
        else
        {
            end = Decimal(s, i);
            if (end < 0) return -1;
            value = double.Parse(s.AsSpan(i, end - i), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        }
        if (negative) value = -value;
        return end;
    }

    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length && IsSpace(s[i])) i++;
        return i;
    }

    private static bool StartsWithIgnoreCase(string s, int at, string word) =>
        s.Length - at >= word.Length && string.Compare(s, at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The end of a decimal number at <paramref name="i"/> (-1: no digit).</summary>
    private static int Decimal(string s, int i)
    {
        int digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return -1;
        return i + ExponentLength(s, i, 'e');
    }

    /// <summary>The length of an exponent at <paramref name="i"/>: its letter, a sign and at least one digit; 0 without a digit.</summary>
    private static int ExponentLength(string s, int i, char letter)
    {
        if (i >= s.Length || char.ToLowerInvariant(s[i]) != letter) return 0;
        int j = i + 1;
        if (j < s.Length && s[j] is '+' or '-') j++;
        int first = j;
        while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        return j > first ? j - i : 0;
    }

    /// <summary>The hexadecimal number after "0x" at <paramref name="i"/>; false without a hexadecimal digit (strtod
    /// then reads the "0" alone). The first 16 significant digits are kept, the rest only as a sticky bit for rounding.</summary>
    private static bool Hexadecimal(string s, int i, out int end, out double value)
    {
        ulong mantissa = 0;
        int kept = 0, digits = 0;
        long exponent = 0;
        bool sticky = false, point = false;
        for (; i < s.Length; i++)
        {
            if (s[i] == '.' && !point)
            {
                point = true;
                continue;
            }
            if (!char.IsAsciiHexDigit(s[i])) break;
            digits++;
            int d = char.IsAsciiDigit(s[i]) ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10;
            if (mantissa == 0 && d == 0)
            {
                if (point) exponent -= 4;
            }
            else if (kept < 16)
            {
                mantissa = (mantissa << 4) | (uint)d;
                kept++;
                if (point) exponent -= 4;
            }
            else
            {
                sticky |= d != 0;
                if (!point) exponent += 4;
            }
        }
        end = i;
        value = 0;
        if (digits == 0) return false;
        int e = ExponentLength(s, i, 'p');
        if (e > 0)
        {
            int j = i + 1;
            bool negative = s[j] == '-';
            if (s[j] is '+' or '-') j++;
            long p = 0;
            for (; j < i + e; j++) p = Math.Min(p * 10 + (s[j] - '0'), 1_000_000);
            exponent += negative ? -p : p;
            end = i + e;
        }
        if (mantissa == 0) return true;
        int bits = 64 - BitOperations.LeadingZeroCount(mantissa);
        if (bits > 53)
        {
            // Round to 53 bits, to nearest, ties to even; digits beyond the kept ones only break a tie.
            int shift = bits - 53;
            ulong rest = mantissa & ((1UL << shift) - 1), half = 1UL << (shift - 1);
            mantissa >>= shift;
            exponent += shift;
            if (rest > half || (rest == half && (sticky || (mantissa & 1) == 1))) mantissa++;
        }
        value = Math.ScaleB(mantissa, (int)Math.Clamp(exponent, -100_000, 100_000));
        return true;
    }
}
