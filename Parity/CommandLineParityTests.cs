using System.Globalization;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>
/// The C tools and ours given the same command line, one that C's ArgPos and atoi/atof accept although it holds
/// unknown options, stray arguments and numbers with characters after them: ours warns and writes the same bytes
/// (word2vec in exact mode with one thread; <c>-exact 1</c> is itself an option the C tool ignores). And our
/// atoi/atof prefixes against glibc's own strtol and strtod on tricky and random strings.
/// </summary>
public sealed class CommandLineParityTests
{
    private TempDir _dir = null!;
    private string _corpus = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _dir = new TempDir();
        var head = SharedData.Head("text8-prefix-12.5M", 300_000);
        _corpus = _dir.Write("text8-slice.txt", head[..Array.LastIndexOf(head, (byte)' ')]);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _dir.Dispose();

    public static IEnumerable<TestCaseData> LooseCommandLines()
    {
        yield return new TestCaseData((object)new[]
        {
            "-foo", "3", "-size", "20abc", "-iter", "2x", "-alpha", "0.05x", "-bogus", "-window", "4", "stray", "-min-count", "5",
            "-sample", "1e-3junk", "-negative", "5", "-cbow", "0", "--verbose", "1",
        }).SetArgDisplayNames("SkipGramTrailingCharacters");
        yield return new TestCaseData((object)new[]
        {
            "-foo", "-size", "12", "-size", "30", "-cbow", "1.0", "-hs", "1", "-negative", "0y", "-window", " 3", "-iter", "+1",
            "-alpha", "0x1p-4", "-min-count", "4 ", "-model", "cbow-hs",
        }).SetArgDisplayNames("CbowHierarchicalFlagAfterUnknownOption");
    }

    [TestCaseSource(nameof(LooseCommandLines))]
    public void Word2Vec_LooseCommandLine_SameVectorsAsC(string[] loose)
    {
        var tool = CTool.Require();
        string cOut = _dir.UniqueFile("c");
        string ourOut = _dir.UniqueFile("ours");
        string[] Args(string output) => [.. loose, "-train", _corpus, "-output", output, "-threads", "1", "-exact", "1", "-debug", "0", "-binary", "1"];
        var c = ProcessRunner.Run(tool.Exact("word2vec"), Args(cOut), timeoutSeconds: 120);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        var ours = OurCli.Run(Args(ourOut));
        Assert.That(ours.Code, Is.Zero, ours.Stderr);
        Assert.That(ours.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.StartWith("WARNING: ").And.Not.Empty);
        Bytes.AssertEqual(File.ReadAllBytes(cOut), File.ReadAllBytes(ourOut), "vectors");
    }

    [Test]
    public void Word2Phrase_LooseCommandLine_SameTextAsC()
    {
        var tool = CTool.Require();
        string cOut = _dir.File("c-phrases.txt"), ourOut = _dir.File("ours-phrases.txt");
        string[] Args(string output) => ["-train", _corpus, "-foo", "1", "-threshold", "50x", "-output", output, "-min-count", "3.5", "-debug", "0", "extra"];
        var c = ProcessRunner.Run(tool.Exact("word2phrase"), Args(cOut), timeoutSeconds: 120);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        var ours = OurCli.Run(["word2phrase", .. Args(ourOut)]);
        Assert.That(ours.Code, Is.Zero, ours.Stderr);
        Bytes.AssertEqual(File.ReadAllBytes(cOut), File.ReadAllBytes(ourOut), "phrases");
    }

    [Test]
    public void ComputeAccuracy_ThresholdWithCharactersAndExtraArguments_SameOutputAsC()
    {
        var tool = CTool.Require();
        string vec = _dir.File("vec.bin");
        OurCli.RunChecked("-train", _corpus, "-output", vec, "-binary", "1", "-size", "20", "-threads", "1", "-exact", "1", "-iter", "1", "-debug", "0");
        var words = Vectors.WordVectors.Load(vec, limit: 60);
        var questions = new StringBuilder(": section\n");
        var r = new Random(5);
        for (int q = 0; q < 200; q++) questions.Append(string.Join(' ', Enumerable.Range(0, 4).Select(_ => words.Word(r.Next(words.Count))))).Append('\n');
        byte[] stdin = Encoding.UTF8.GetBytes(questions.ToString());
        string[] args = [vec, "40abc", "-foo", "x"];
        var c = ProcessRunner.Run(tool.Exact("compute-accuracy"), args, stdin: stdin, timeoutSeconds: 120);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        var ours = OurCli.Run(["compute-accuracy", .. args], stdin);
        Assert.That(ours.Code, Is.Zero, ours.Stderr);
        Assert.That(ours.Stdout, Is.EqualTo(c.StdoutText));
        Assert.That(c.StdoutText, Does.Contain("Questions seen / total: "));
    }

    private const string Harness = """
        #include <errno.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        int main(int argc, char **argv) {
          for (int i = 1; i < argc; i++) {
            char *e1, *e2;
            errno = 0;
            long l = strtol(argv[i], &e1, 10);
            int range = errno == ERANGE;
            double d = strtod(argv[i], &e2);
            unsigned long long bits;
            memcpy(&bits, &d, 8);
            printf("%ld %ld %d %ld %016llx\n", (long)(e1 - argv[i]), l, range, (long)(e2 - argv[i]), bits);
          }
          return 0;
        }
        """;

    /// <summary>Strings C's readers meet on a command line: signs, blanks, points, exponents with and without digits,
    /// hexadecimal floats (rounding ties, digits beyond 64 bits), inf and nan spellings, and seeded random mixes of
    /// those characters.</summary>
    private static IEnumerable<string> Strings()
    {
        string[] fixedOnes =
        [
            "20abc", "0.05x", "abc", " 7", "\t5", "+3", "-3", "1.5", "1e-4", "1e", "1e+", "1e-x", ".5", "1.", ".", "-.", "+-1", "--1",
            "0x1p3", "0x1p-5zz", "0x", "0x.", "0x.8", "0X1.8P1", "0x1p", "0x1p+", "0xg", "0x1.fffffffffffff8p0", "0x1.fffffffffffff7p0",
            "0x1.00000000000008p0", "0x1.00000000000008000001p0", "0x123456789abcdef01", "0x0000000000000000001p4", "0x.0000000000000000001p0",
            "inf", "INF", "Infinity", "infinit", "-inf", "nan", "NaN", "nan(abc)", "nan(ab", "nan()", "-0", "2147483648", "-2147483649",
            "4294967297", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e400", "1e-400", "4.9e-324", "2.4703282292062327e-324",
            "1e39", "3.4028235677973366e38", "0.1", "0.30000000000000004", "123456789012345678901234567890", "1,5", "1_000", "\v\f\r\n 8",
            new string('9', 400), "0." + new string('0', 400) + "1",
        ];
        foreach (var s in fixedOnes) yield return s;
        var r = new Random(20261205);
        const string Alphabet = "0123456789.eE+-xXpPabcdfinINF ";
        for (int i = 0; i < 2000; i++)
            yield return new string(Enumerable.Range(0, r.Next(1, 14)).Select(_ => Alphabet[r.Next(Alphabet.Length)]).ToArray());
    }

    [Test]
    public void CNumber_Prefixes_AreGlibcs()
    {
        var tool = CTool.Require();
        string exe = tool.CompileHarness("cnumber", Harness);
        var strings = Strings().ToArray();
        var c = ProcessRunner.Run(exe, strings, timeoutSeconds: 60);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        var lines = c.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(strings.Length));
        for (int i = 0; i < strings.Length; i++)
        {
            string s = strings[i];
            var f = lines[i].Split(' ');
            long cIntEnd = long.Parse(f[0], CultureInfo.InvariantCulture), cLong = long.Parse(f[1], CultureInfo.InvariantCulture);
            bool cRange = f[2] == "1";
            long cFloatEnd = long.Parse(f[3], CultureInfo.InvariantCulture);
            double cDouble = BitConverter.UInt64BitsToDouble(ulong.Parse(f[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            string what = $"'{s.Replace("\n", "\\n", StringComparison.Ordinal)}'";

            int intEnd = CNumber.Integer(s, out bool negative, out ulong magnitude, out bool overflow);
            Assert.That(Math.Max(intEnd, 0), Is.EqualTo(cIntEnd), $"strtol's end for {what}");
            bool outOfLong = overflow || magnitude > (negative ? 1UL << 63 : long.MaxValue);
            Assert.That(outOfLong, Is.EqualTo(cRange), $"strtol's ERANGE for {what}");
            if (!outOfLong && intEnd > 0)
                Assert.That(negative ? (long)(0 - magnitude) : (long)magnitude, Is.EqualTo(cLong), $"strtol's value for {what}");

            int floatEnd = CNumber.Floating(s, out double v);
            Assert.That(Math.Max(floatEnd, 0), Is.EqualTo(cFloatEnd), $"strtod's end for {what}");
            if (double.IsNaN(cDouble)) Assert.That(double.IsNaN(v), Is.True, $"strtod's NaN for {what}");
            else Assert.That(BitConverter.DoubleToUInt64Bits(v), Is.EqualTo(BitConverter.DoubleToUInt64Bits(cDouble)), $"strtod's value for {what}: {v:R} against {cDouble:R}");
            Assert.That((float)v, Is.EqualTo((float)cDouble).Or.NaN, $"as a float, for {what}");
        }
    }
}
