using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Word2VecNative.Tests.Cli;

/// <summary><c>-timing 1</c>: one line after training with the training phase's seconds and words per second (what the
/// GPU benchmark reads); without it the output is the C tool's.</summary>
[TestFixture]
public sealed partial class TimingTests
{
    [GeneratedRegex(@"(?:^|\n)Training time: (\d+\.\d{3}) s, (\d+) words, (\d+) words/s\n")]
    private static partial Regex Line();

    private static string Train(TempDir dir, params string[] extra)
    {
        string text = dir.Write("t.txt", string.Concat(Enumerable.Range(0, 300).Select(i => $"the cat sat on the mat number{i % 7}\n")));
        var (code, stdout, stderr) = OurCli.Run(["-train", text, "-output", dir.File("v.txt"), "-size", "8", "-min-count", "1", "-iter", "3", "-threads", "1", "-sample", "0", .. extra]);
        Assert.That(code, Is.Zero, stderr);
        return stdout;
    }

    [Test]
    public void TimingPrintsTheTrainingPhasesWordsPerSecond()
    {
        using var dir = new TempDir("w2v-timing");
        string output = Train(dir, "-timing", "1", "-debug", "1");
        var m = Line().Match(output);
        Assert.That(m.Success, Is.True, output);
        Assert.That(output, Does.EndWith(m.Value), "the last line");
        Assert.That(output, Does.Contain("Words in train file: ").And.Not.Contain("\n\n"), "at -debug 1 no blank line comes before it");
        long trainWords = long.Parse(Regex.Match(output, @"Words in train file: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        long words = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.That(words, Is.InRange(3 * trainWords * 99 / 100, 3 * trainWords * 101 / 100), "three epochs of the corpus, as C counts them");
        double seconds = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        double rate = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        // The seconds are printed rounded to the millisecond; the rate is of the unrounded time.
        Assert.That(rate, Is.InRange(Math.Floor(words / (seconds + 0.0005)), seconds > 0.0005 ? Math.Ceiling(words / (seconds - 0.0005)) : double.MaxValue));
    }

    [TestCase("2")]
    [TestCase("3")]
    public void WithoutTimingNoLineIsAdded(string debug)
    {
        using var dir = new TempDir("w2v-timing");
        Assert.That(Train(dir, "-debug", debug), Does.Not.Contain("Training time"));
    }
}
