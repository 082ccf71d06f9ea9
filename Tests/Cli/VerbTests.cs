using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Tests.Vectors;

namespace Word2VecNative.Tests.Cli;

public class VerbTests
{
    [Test]
    public void Word2Phrase_NoArguments_PrintsTheCUsageUnderTheVerbName()
    {
        var (code, output, _) = OurCli.Run("word2phrase");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("WORD2PHRASE tool v0.1a\n\nOptions:\n"));
        Assert.That(output, Does.Contain("\nword2vec word2phrase -train text.txt -output phrases.txt -threshold 100 -debug 2\n\n" + "Word2VecNative additions:\n"));
    }

    /// <summary>Every flag word2phrase reads is in its usage text, this tool's additions (-strict) too.</summary>
    [Test]
    public void Word2Phrase_Usage_ListsEveryFlagItReads()
    {
        var (_, output, _) = OurCli.Run("word2phrase");
        Assert.That(Word2PhraseCommand.Table.Flags.Where(f => !output.Contains($"\t-{f.Name} {f.Value}\n", StringComparison.Ordinal)).Select(f => f.Name), Is.Empty);
    }

    [TestCase("distance", "Usage: ./distance <FILE>\n")]
    [TestCase("word-analogy", "Usage: ./word-analogy <FILE>\n")]
    [TestCase("compute-accuracy", "Usage: ./compute-accuracy <FILE> <threshold>\n")]
    [TestCase("word2phrase", "WORD2PHRASE tool v0.1a\n")]
    public void Program_InvokedUnderACompanionName_IsThatProgram(string name, string usageStart)
    {
        var (code, output, _) = OurCli.RunAs(name);
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith(usageStart));
        if (name == "word2phrase") Assert.That(output, Does.Contain("\n./word2phrase -train text.txt -output phrases.txt -threshold 100 -debug 2\n\n" + "Word2VecNative additions:\n"));
    }

    [TestCase("distance", "Usage: word2vec distance <FILE>\n")]
    [TestCase("word-analogy", "Usage: word2vec word-analogy <FILE>\n")]
    [TestCase("compute-accuracy", "Usage: word2vec compute-accuracy <FILE> <threshold>\n")]
    public void Verb_NoArguments_UsageNamesTheVerb(string verb, string usageStart) =>
        Assert.That(OurCli.Run(verb).Stdout, Does.StartWith(usageStart));

    /// <summary>Every verb answers -h, -help and --help with its usage on standard output and exit code 0 (a companion
    /// program took "--help" for its vectors file, plot for a flag without its value).</summary>
    [TestCase("distance", "Usage: word2vec distance <FILE>\n")]
    [TestCase("word-analogy", "Usage: word2vec word-analogy <FILE>\n")]
    [TestCase("compute-accuracy", "Usage: word2vec compute-accuracy <FILE> <threshold>\n")]
    [TestCase("word2phrase", "WORD2PHRASE tool v0.1a\n")]
    [TestCase("plot", "Usage: word2vec plot [-output <file.svg>] [-pairs 1] [-title <text>] <FILE>")]
    [TestCase("export-tsv", "Usage: word2vec export-tsv -output <prefix> [-limit <n>] <FILE>\n")]
    [TestCase("devices", "Usage: word2vec devices\n")]
    [TestCase("demo", "Usage: word2vec demo\n")]
    [TestCase("help", "WORD VECTOR estimation toolkit")]
    public void Verb_AskedForHelp_PrintsItsUsage(string verb, string usageStart)
    {
        foreach (var flag in new[] { "-h", "-help", "--help" })
        {
            var (code, output, err) = OurCli.Run(verb, flag);
            Assert.That((code, err), Is.EqualTo((0, "")), $"{verb} {flag}");
            Assert.That(output, Does.StartWith(usageStart), $"{verb} {flag}");
        }
    }

    [TestCase("distance")]
    [TestCase("word2phrase")]
    public void Companion_AskedForHelp_PrintsItsUsage(string name)
    {
        var (code, output, _) = OurCli.RunAs(name, "--help");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith(name == "distance" ? "Usage: ./distance <FILE>" : "WORD2PHRASE tool"));
    }

    [Test]
    public void Help_NamesEveryFlagOnce_AndPlotsTitle()
    {
        var (_, output, _) = OurCli.Run("help");
        Assert.That(output, Does.Contain("[-title T]"));
        Assert.That(output, Does.Not.Contain("(every epoch) (every epoch)"));
    }

    [Test]
    public void Program_InvokedAsWord2Vec_TrainsAsUsual()
    {
        var (code, output, _) = OurCli.RunAs("word2vec");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("WORD VECTOR estimation toolkit"));
    }

    [Test]
    public void Word2Phrase_JoinsFrequentPairs()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 200; i++) sb.Append($"we saw new york and w{i % 37} then x{i % 11}\n");
        string train = Scratch.File(Encoding.ASCII.GetBytes(sb.ToString()), "t.txt");
        string output = Path.Combine(Path.GetDirectoryName(train)!, "p.txt");
        var (code, stdout, err) = OurCli.Run("word2phrase", "-train", train, "-output", output, "-threshold", "1", "-debug", "1");
        Assert.That(code, Is.Zero, err);
        Assert.That(stdout, Does.Contain("Vocab size (unigrams + bigrams): ").And.Contain("Words in train file: 1600\n"));
        Assert.That(File.ReadAllText(output), Does.StartWith(" we_saw new_york and_w0 then_x0\n"));
    }

    [Test]
    public void Word2Phrase_MissingTrainFile_IsAnError()
    {
        var (code, _, err) = OurCli.Run("word2phrase", "-train", "/nonexistent/x", "-output", Path.Combine(Path.GetTempPath(), "w2v-never-written.txt"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("training data file not found"));
    }

    [Test]
    public void Distance_PrintsFortyLinesAndOutOfDictionary()
    {
        string vec = Scratch.File(VectorFixtures.File(true));
        var (code, output, _) = OurCli.Run(["distance", vec], "king\nnope\nEXIT\n");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("Enter word or sentence (EXIT to break): \nWord: king  Position in vocabulary: 1\n"));
        Assert.That(output, Does.Contain("\nWord: nope  Position in vocabulary: -1\nOut of dictionary word!\n"));
        var lines = output.Split('\n').Where(l => l.Contains("\t\t")).ToArray();
        Assert.That(lines, Has.Length.EqualTo(40));
        Assert.That(lines[0], Does.Match(@"^ {47}man\t\t0\.\d{6}$"));
        Assert.That(lines[^1], Is.EqualTo(new string(' ', 50) + "\t\t-1.000000"));
    }

    [Test]
    public void WordAnalogy_NeedsThreeWords()
    {
        string vec = Scratch.File(VectorFixtures.File(true));
        var (_, output, _) = OurCli.Run(["word-analogy", vec], "man king\nman king woman\n");
        Assert.That(output, Does.Contain("Only 2 words were entered.. three words are needed at the input to perform the calculation\n"));
        var first = output.Split('\n').First(l => l.Contains("\t\t"));
        Assert.That(first.Trim(), Does.StartWith("queen\t\t"));
    }

    [Test]
    public void ComputeAccuracy_ReadsQuestionsFromStdin()
    {
        string vec = Scratch.File(VectorFixtures.File(true));
        var (code, output, _) = OurCli.Run(["compute-accuracy", vec, "0"], ": capital\nparis france rome italy\n");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith("capital:\nACCURACY TOP1: 100.00 %  (1 / 1)\n"));
        Assert.That(output, Does.EndWith("Questions seen / total: 1 1   100.00 % \n"));
    }

    [Test]
    public void ComputeAccuracy_CorruptVectors_IsAOneLineError()
    {
        string vec = Scratch.File(VectorFixtures.File(true)[..^30]);
        var (code, _, err) = OurCli.Run("compute-accuracy", vec);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.TrimEnd('\n'), Does.Not.Contain("\n").And.Contain("truncated"));
    }
}
