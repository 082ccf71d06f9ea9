using System.Globalization;
using System.Numerics;
using NUnit.Framework;
using Word2VecNative.Text;

namespace Word2VecNative.Tests.Text;

public sealed class CFormatTests
{
    /// <summary>printf("%.6f") by definition: the exact binary value, rounded half to even at six decimals.</summary>
    private static string Reference(double v)
    {
        if (double.IsNaN(v)) return BitConverter.DoubleToInt64Bits(v) < 0 ? "-nan" : "nan";
        if (double.IsInfinity(v)) return v < 0 ? "-inf" : "inf";
        long bits = BitConverter.DoubleToInt64Bits(v);
        bool neg = bits < 0;
        int exp = (int)((bits >> 52) & 0x7FF);
        long frac = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mant = exp == 0 ? frac : frac | (1L << 52);
        int e = (exp == 0 ? 1 : exp) - 1075;
        // value * 10^6 = mant * 10^6 * 2^e = num / den
        BigInteger num = mant * BigInteger.Pow(10, 6), den = BigInteger.One;
        if (e >= 0) num <<= e; else den <<= -e;
        BigInteger q = BigInteger.DivRem(num, den, out BigInteger rem);
        int cmp = (rem * 2).CompareTo(den);
        if (cmp > 0 || (cmp == 0 && !q.IsEven)) q++;
        string digits = q.ToString(CultureInfo.InvariantCulture).PadLeft(7, '0');
        return (neg ? "-" : "") + digits[..^6] + "." + digits[^6..];
    }

    [TestCase(0.0, "0.000000")]
    [TestCase(-0.0, "-0.000000")]
    [TestCase(1.0, "1.000000")]
    [TestCase(0.0078125, "0.007812")]
    [TestCase(0.0234375, "0.023438")]
    [TestCase(-0.0078125, "-0.007812")]
    [TestCase(0.5, "0.500000")]
    [TestCase(-0.0000001, "-0.000000")]
    [TestCase(0.0000005, "0.000000")]
    [TestCase(0.0000015, "0.000002")]
    [TestCase(1e10, "10000000000.000000")]
    [TestCase(123456.789, "123456.789000")]
    [TestCase(0.1, "0.100000")]
    [TestCase(2.5e-7, "0.000000")]
    [TestCase(9.9999995, "9.999999")]
    [TestCase(9.9999996, "10.000000")]
    [TestCase(double.PositiveInfinity, "inf")]
    [TestCase(double.NegativeInfinity, "-inf")]
    [TestCase(double.NaN, "-nan")]
    [TestCase(double.Epsilon, "0.000000")]
    public void CFormat_Fixed_KnownValues(double value, string expected)
    {
        // .NET's double.NaN has the sign bit set, and glibc prints that as "-nan".
        Assert.That(CFormat.Fixed(value), Is.EqualTo(expected));
        Assert.That(Reference(value), Is.EqualTo(expected));
    }

    [Test]
    public void CFormat_Fixed_PositiveNan()
    {
        double nan = BitConverter.Int64BitsToDouble(0x7FF8000000000000);
        Assert.That(CFormat.Fixed(nan), Is.EqualTo("nan"));
    }

    [Test]
    public void CFormat_Fixed_HugeValues()
    {
        Assert.That(CFormat.Fixed(1e300), Is.EqualTo(Reference(1e300)));
        Assert.That(CFormat.Fixed(double.MaxValue), Is.EqualTo(Reference(double.MaxValue)));
        Assert.That(CFormat.Fixed(-(double)float.MaxValue), Is.EqualTo("-340282346638528859811704183484516925440.000000"));
        Assert.That(CFormat.Fixed(1e10 + 0.0000005), Is.EqualTo(Reference(1e10 + 0.0000005)));
    }

    [Test]
    public void CFormat_Fixed_RandomFloatsMatchExactReference()
    {
        var rng = new Random(1234);
        for (int i = 0; i < 20_000; i++)
        {
            float f = i % 3 == 0
                ? BitConverter.Int32BitsToSingle(rng.Next() ^ (rng.Next(2) << 31))
                : (float)((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-9, 8)));
            double d = f;
            Assert.That(CFormat.Fixed(d), Is.EqualTo(Reference(d)), $"bits {BitConverter.SingleToInt32Bits(f):X8}");
        }
    }

    [Test]
    public void CFormat_Fixed_TiesAtSixDecimalsRoundToEven()
    {
        // k / 2^7 has an exact 7-digit decimal expansion ending in 5 for odd k: every one is a tie at six decimals.
        for (int k = -4000; k <= 4000; k++)
        {
            double v = k / 128.0 / 1000.0 * 1000.0;
            Assert.That(CFormat.Fixed(v), Is.EqualTo(Reference(v)), $"{k}/128");
        }
    }

    [TestCase(0, "3")]
    [TestCase(2, "2.72")]
    [TestCase(9, "2.718281828")]
    public void CFormat_FormatFixed_OtherPrecisions(int decimals, string expected)
    {
        Span<byte> buf = stackalloc byte[64];
        int n = CFormat.FormatFixed(Math.E, decimals, buf);
        Assert.That(System.Text.Encoding.ASCII.GetString(buf[..n]), Is.EqualTo(expected));
    }
}
