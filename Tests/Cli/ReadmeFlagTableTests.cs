using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Cli;

/// <summary>The README's flag tables are the flag tables of the code, row for row (names, values, summaries, defaults).</summary>
public sealed class ReadmeFlagTableTests
{
    [Test]
    public void Readme_TrainingFlagTable_IsTheCodesTable() =>
        AssertReadmeHolds(TrainFlags.Table.ReadmeTable(), "| flag | meaning | default |");

    [Test]
    public void Readme_Word2PhraseFlagTable_IsTheCodesTable() =>
        AssertReadmeHolds(Word2PhraseCommand.Table.ReadmeTable().Replace("| flag |", "| word2phrase flag |", StringComparison.Ordinal), "| word2phrase flag | meaning | default |");

    [Test]
    public void TrainFlags_Defaults_AreReadFromTrainingOptions()
    {
        var o = new Word2VecNative.Training.TrainingOptions();
        var rows = TrainFlags.Table.Flags.ToDictionary(f => f.Name, f => f.Default());
        Assert.That(rows["size"], Is.EqualTo(o.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // The library's default is the processor count; the command keeps the C tool's 12.
        Assert.That(o.Threads, Is.EqualTo(Math.Min(Word2VecNative.Training.TrainingOptions.MaxThreads, Environment.ProcessorCount)));
        Assert.That(rows["threads"], Is.EqualTo("12"));
        Assert.That(TrainFlags.Table.Parse([]).Options.Threads, Is.EqualTo(12));
        Assert.That(rows["sample"], Is.EqualTo("1e-3"));
        Assert.That(rows["alpha"], Is.EqualTo("0.025 for skip-gram and 0.05 for CBOW"));
    }

    private static void AssertReadmeHolds(string table, string header)
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        int at = readme.IndexOf(header + "\n", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"README.md has no table headed '{header}'");
        int end = readme.IndexOf("\n\n", at, StringComparison.Ordinal);
        string inReadme = readme[at..(end + 1)];
        Assert.That(inReadme, Is.EqualTo(table), "README.md's table differs from the code's; the code's table is:\n" + table);
    }
}
