using System.Globalization;

namespace Word2VecNative.Vectors;

/// <summary>
/// A float as numpy's <c>str(np.float32(x))</c> writes it (as gensim's scripts print vectors; checked against numpy
/// 1.24 by Parity/Tools/ProjectorTsvParityTests.cs, and numpy 2 changed only <c>repr</c>): the
/// shortest digits that read back as the same float, laid out as Python lays out a float: positional
/// (<c>0.25</c>, <c>1.0</c>, <c>123456790.0</c>, <c>0.0001234</c>) unless the magnitude is below 1e-4 or at least
/// 1e16, then scientific with a signed exponent of at least two digits (<c>1e-05</c>, <c>9.999e-05</c>,
/// <c>3.4028235e+38</c>); <c>0.0</c>, <c>-0.0</c>, <c>nan</c> (whatever its sign), <c>inf</c>, <c>-inf</c>.
/// </summary>
internal static class PythonFloat
{
    /// <summary>More than any float takes: positional text has at most 16 digits before the point (it is used below
    /// 1e16) and 3 zeros after it (from 1e-4) besides at most 9 significant digits, scientific text 9 digits and
    /// "e-45"; with the sign, the point and the trailing 0, under 25 bytes.</summary>
    public const int MaxLength = 64;

    /// <summary><paramref name="x"/> as <c>str(np.float32(x))</c> writes it.</summary>
    public static string Str(float x)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        int n = Write(x, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..n]);
    }

    /// <summary>Writes <paramref name="x"/> as ASCII into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns the number of bytes written.</summary>
    public static int Write(float x, Span<byte> destination)
    {
        if (float.IsNaN(x)) return Copy("nan"u8, destination);
        if (float.IsPositiveInfinity(x)) return Copy("inf"u8, destination);
        if (float.IsNegativeInfinity(x)) return Copy("-inf"u8, destination);
        if (x == 0) return Copy(float.IsNegative(x) ? "-0.0"u8 : "0.0"u8, destination);

        // .NET's round-trip format holds the shortest digits; read them and the decimal point's place out of it.
        Span<byte> r = stackalloc byte[32];
        if (!x.TryFormat(r, out int len, "R", CultureInfo.InvariantCulture)) throw new InvalidOperationException("float format overflow");
        r = r[..len];
        int at = 0, pos = 0;
        if (r[0] == (byte)'-')
        {
            destination[pos++] = (byte)'-';
            at = 1;
        }
        int e = r.IndexOf((byte)'E');
        var mantissa = e < 0 ? r[at..] : r[at..e];
        int exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[16];
        int count = 0, point = -1;
        foreach (byte b in mantissa)
        {
            if (b == (byte)'.') point = count;
            else digits[count++] = b;
        }
        if (point < 0) point = count;
        // value = 0.d1d2d3... × 10^place once leading and trailing zeros are gone.
        int place = point + exponent, first = 0;
        while (digits[first] == (byte)'0')
        {
            first++;
            place--;
        }
        while (digits[count - 1] == (byte)'0') count--;
        var d = digits[first..count];

        double magnitude = Math.Abs((double)x);
        if (magnitude < 1e-4 || magnitude >= 1e16)
        {
            destination[pos++] = d[0];
            if (d.Length > 1)
            {
                destination[pos++] = (byte)'.';
                d[1..].CopyTo(destination[pos..]);
                pos += d.Length - 1;
            }
            int sciExponent = place - 1;
            destination[pos++] = (byte)'e';
            destination[pos++] = sciExponent < 0 ? (byte)'-' : (byte)'+';
            int abs = Math.Abs(sciExponent);
            if (abs < 10) destination[pos++] = (byte)'0';
            abs.TryFormat(destination[pos..], out int w, default, CultureInfo.InvariantCulture);
            return pos + w;
        }
        if (place <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            destination.Slice(pos, -place).Fill((byte)'0');
            pos += -place;
            d.CopyTo(destination[pos..]);
            return pos + d.Length;
        }
        if (place >= d.Length)
        {
            d.CopyTo(destination[pos..]);
            pos += d.Length;
            destination.Slice(pos, place - d.Length).Fill((byte)'0');
            pos += place - d.Length;
            return pos + Copy(".0"u8, destination[pos..]);
        }
        d[..place].CopyTo(destination[pos..]);
        pos += place;
        destination[pos++] = (byte)'.';
        d[place..].CopyTo(destination[pos..]);
        return pos + d.Length - place;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
