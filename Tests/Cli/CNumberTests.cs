using NUnit.Framework;
using Word2VecNative.Cli;

namespace Word2VecNative.Tests.Cli;

/// <summary>atoi's and atof's prefixes, as glibc reads them (the figures are glibc's, printed by a C program; the
/// Parity project compares the two on many more strings).</summary>
public sealed class CNumberTests
{
    [TestCase("20abc", 2, false, 20UL)]
    [TestCase(" 7", 2, false, 7UL)]
    [TestCase("\t5", 2, false, 5UL)]
    [TestCase("+3", 2, false, 3UL)]
    [TestCase("-3", 2, true, 3UL)]
    [TestCase("1.5", 1, false, 1UL)]
    [TestCase("1e-4", 1, false, 1UL)]
    [TestCase("  -12.5e1x", 5, true, 12UL)]
    [TestCase("0x10", 1, false, 0UL)]
    [TestCase("2147483648", 10, false, 2147483648UL)]
    public void CNumber_Integer_ReadsStrtolsPrefix(string s, int end, bool negative, ulong magnitude)
    {
        Assert.That(CNumber.Integer(s, out bool neg, out ulong m, out bool overflow), Is.EqualTo(end));
        Assert.That((neg, m, overflow), Is.EqualTo((negative, magnitude, false)));
    }

    [TestCase("abc")]
    [TestCase("")]
    [TestCase("-")]
    [TestCase(" +x")]
    [TestCase("\u00a05")]
    [TestCase("\u0661\u0662")]
    public void CNumber_Integer_NoDigits_IsNone(string s) =>
        Assert.That(CNumber.Integer(s, out _, out _, out _), Is.EqualTo(-1));

    [Test]
    public void CNumber_Integer_PastTwoToThe64_Overflows()
    {
        Assert.That(CNumber.Integer("99999999999999999999", out _, out _, out bool overflow), Is.EqualTo(20));
        Assert.That(overflow, Is.True);
    }

    [TestCase("20abc", 2, 20.0)]
    [TestCase("0.05x", 4, 0.05)]
    [TestCase(" 7", 2, 7.0)]
    [TestCase("1e-4", 4, 1e-4)]
    [TestCase("1e", 1, 1.0)]
    [TestCase("1e+", 1, 1.0)]
    [TestCase(".5", 2, 0.5)]
    [TestCase("1.", 2, 1.0)]
    [TestCase("  -12.5e1x", 9, -125.0)]
    [TestCase("1,5", 1, 1.0)]
    [TestCase("0x1p3", 5, 8.0)]
    [TestCase("0x1p-5zz", 6, 0.03125)]
    [TestCase("0x", 1, 0.0)]
    [TestCase("0x.8", 4, 0.5)]
    [TestCase("0X1.8P1", 7, 3.0)]
    [TestCase("0x1.fffffffffffff8p0", 20, 2.0)]
    [TestCase("0x123456789abcdef01", 19, 2.0988295479420645e+19)]
    [TestCase("1e400", 5, double.PositiveInfinity)]
    [TestCase("inf", 3, double.PositiveInfinity)]
    [TestCase("-Infinity", 9, double.NegativeInfinity)]
    [TestCase("infinit", 3, double.PositiveInfinity)]
    [TestCase("nan", 3, double.NaN)]
    [TestCase("nan(abc)", 8, double.NaN)]
    [TestCase("nan(ab", 3, double.NaN)]
    public void CNumber_Floating_ReadsStrtodsPrefix(string s, int end, double value)
    {
        Assert.That(CNumber.Floating(s, out double v), Is.EqualTo(end));
        Assert.That(v, Is.EqualTo(value));
    }

    [TestCase("abc")]
    [TestCase(".")]
    [TestCase("")]
    [TestCase("e5")]
    [TestCase("-.e1")]
    public void CNumber_Floating_NoNumber_IsNone(string s) =>
        Assert.That(CNumber.Floating(s, out _), Is.EqualTo(-1));

    [Test]
    public void CNumber_Floating_NegativeZero_KeepsItsSign()
    {
        CNumber.Floating("-0", out double v);
        Assert.That(double.IsNegative(v) && v == 0, Is.True);
    }

    /// <summary>C assigns atof's double to a float: just above the midpoint between 1 and the next float, the double
    /// rounds to the midpoint and the float then to even (1), where rounding the decimal to float at once gives the
    /// float above.</summary>
    [Test]
    public void FlagValue_Float_RoundsThroughADoubleAsC()
    {
        const string Text = "1.0000000596046447753906251";
        Assert.That(new FlagValue("-alpha", Text, new CommandLineNotes(strict: true), 0).Float(), Is.EqualTo(1f));
        Assert.That(float.Parse(Text, System.Globalization.CultureInfo.InvariantCulture), Is.Not.EqualTo(1f), "the decimal rounded to float at once");
    }
}
