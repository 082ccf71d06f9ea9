using System.Buffers;
using System.Numerics;
using System.Text;

namespace Word2VecNative.Text;

/// <summary>printf-compatible number formatting (glibc semantics) for the outputs that must match the C tool
/// byte for byte: <c>%f</c>/<c>%lf</c> (six decimals) and <c>%.2f</c>, exact binary-to-decimal conversion with
/// round-half-to-even, "-0.000000" for small negatives, and glibc's nan/inf spellings.</summary>
internal static class CFormat
{
    /// <summary>Bytes that <see cref="FormatFixed"/> may write for any double with up to 9 decimals.</summary>
    public const int MaxFixedLength = 330;

    /// <summary>Writes <paramref name="value"/> as C's <c>printf("%.{decimals}f", value)</c> would print it
    /// (<paramref name="decimals"/> from 0 to 9) and returns the number of bytes written.</summary>
    public static int FormatFixed(double value, int decimals, Span<byte> destination)
    {
        if ((uint)decimals > 9) Throw.Argument(nameof(decimals), "decimals must be between 0 and 9");
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        bool negative = (bits >> 63) != 0;
        int exp = (int)((bits >> 52) & 0x7FF);
        ulong frac = bits & 0xFFFFFFFFFFFFFUL;
        int pos = 0;
        if (exp == 0x7FF)
        {
            ReadOnlySpan<byte> s = frac != 0 ? "nan"u8 : "inf"u8;
            if (negative) destination[pos++] = (byte)'-';
            s.CopyTo(destination[pos..]);
            return pos + s.Length;
        }
        if (negative) destination[pos++] = (byte)'-';
        // value = mant * 2^e exactly
        ulong mant = exp == 0 ? frac : frac | (1UL << 52);
        int e = (exp == 0 ? 1 : exp) - 1075;
        ulong scale = Pow10(decimals);
        if (mant == 0)
        {
            return pos + WriteScaled(0, decimals, destination[pos..]);
        }
        // Fast path: mant * 10^decimals fits in 128 bits; shift right by -e with round-half-even.
        if (e <= 0 && decimals <= 9 && -e < 128)
        {
            UInt128 n = (UInt128)mant * scale;
            int s = -e;
            UInt128 q = s == 0 ? n : n >> s;
            if (s > 0)
            {
                UInt128 rem = n - (q << s);
                UInt128 half = (UInt128)1 << (s - 1);
                if (rem > half || (rem == half && (q & 1) == 1)) q++;
            }
            if (q <= ulong.MaxValue)
                return pos + WriteScaled((ulong)q, decimals, destination[pos..]);
        }
        if (e <= 0 && -e >= 128)
        {
            // |value| < 2^-75: always rounds to zero at the precisions used here.
            return pos + WriteScaled(0, decimals, destination[pos..]);
        }
        return pos + FormatBig(mant, e, decimals, destination[pos..]);
    }

    /// <summary>C's <c>printf("%.{decimals}f", value)</c> as a string (<c>%f</c> and <c>%lf</c> are 6 decimals).</summary>
    public static string Fixed(double value, int decimals = 6)
    {
        Span<byte> buf = stackalloc byte[MaxFixedLength];
        int n = FormatFixed(value, decimals, buf);
        return Encoding.ASCII.GetString(buf[..n]);
    }

    private static int FormatBig(ulong mant, int e, int decimals, Span<byte> destination)
    {
        BigInteger n = new BigInteger(mant) * BigInteger.Pow(10, decimals);
        BigInteger q;
        if (e >= 0) q = n << e;
        else
        {
            q = n >> -e;
            BigInteger rem = n - (q << -e);
            BigInteger half = BigInteger.One << (-e - 1);
            int c = rem.CompareTo(half);
            if (c > 0 || (c == 0 && !q.IsEven)) q += 1;
        }
        string digits = q.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (digits.Length <= decimals) digits = new string('0', decimals - digits.Length + 1) + digits;
        int intLen = digits.Length - decimals;
        int pos = 0;
        for (int i = 0; i < intLen; i++) destination[pos++] = (byte)digits[i];
        if (decimals > 0)
        {
            destination[pos++] = (byte)'.';
            for (int i = intLen; i < digits.Length; i++) destination[pos++] = (byte)digits[i];
        }
        return pos;
    }

    private static int WriteScaled(ulong q, int decimals, Span<byte> destination)
    {
        ulong scale = Pow10(decimals);
        ulong ip = q / scale, fp = q - ip * scale;
        int pos = 0;
        Span<byte> tmp = stackalloc byte[20];
        int t = 0;
        do { tmp[t++] = (byte)('0' + (int)(ip % 10)); ip /= 10; } while (ip != 0);
        while (t > 0) destination[pos++] = tmp[--t];
        if (decimals > 0)
        {
            destination[pos++] = (byte)'.';
            for (int i = decimals - 1; i >= 0; i--) { destination[pos + i] = (byte)('0' + (int)(fp % 10)); fp /= 10; }
            pos += decimals;
        }
        return pos;
    }

    private static ulong Pow10(int n)
    {
        ulong r = 1;
        for (int i = 0; i < n; i++) r *= 10;
        return r;
    }
}
