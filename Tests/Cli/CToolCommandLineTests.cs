using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Tests.Vectors;

namespace Word2VecNative.Tests.Cli;

/// <summary>
/// Command lines the C tools accept: they look up only the flags they know (ArgPos) and read numbers with atoi and
/// atof, so unknown options, stray arguments and "20abc" pass. Ours does what C does with a warning on standard error,
/// and refuses them with <c>-strict 1</c>. Training comparisons run in exact mode on one thread, so bytes compare.
/// </summary>
public sealed class CToolCommandLineTests : CorpusFolderTests
{
    protected override string CorpusText()
    {
        var r = new Random(7);
        return string.Concat(Enumerable.Range(0, 300).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => "w" + r.Next(40))) + "\n"));
    }

    /// <summary>A small exact run; <paramref name="first"/> come first, so a flag among them is the one C's scan finds.</summary>
    private string[] Train(string output, params string[] first) =>
        [.. first, "-train", Corpus, "-output", output, "-size", "8", "-min-count", "1", "-iter", "1", "-threads", "1", "-exact", "1", "-debug", "0"];

    private static string[] Lines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Cli_UnknownOptionsAndStrayArguments_WarnAndTrainAsWithoutThem()
    {
        var plain = OurCli.Run(Train(Dir.File("plain.txt")));
        Assert.That((plain.Code, plain.Stderr), Is.EqualTo((0, "")));
        var extra = OurCli.Run(Train(Dir.File("extra.txt"), "-foo", "3", "stray", "--bar", "-model-name", "x y", "-", "--", "-verbose"));
        Assert.That(extra.Code, Is.Zero, extra.Stderr);
        Assert.That(Lines(extra.Stderr), Is.EqualTo(new[]
        {
            "WARNING: unknown option '-foo' and its value '3' ignored",
            "WARNING: unexpected argument 'stray' ignored",
            "WARNING: unknown option '--bar' ignored",
            "WARNING: unknown option '-model-name' and its value 'x y' ignored",
            "WARNING: unexpected argument '-' ignored",
            "WARNING: unexpected argument '--' ignored",
            "WARNING: unknown option '-verbose' ignored",
        }));
        Assert.That(extra.Stdout, Is.EqualTo(plain.Stdout));
        Assert.That(File.ReadAllBytes(Dir.File("extra.txt")), Is.EqualTo(File.ReadAllBytes(Dir.File("plain.txt"))));
    }

    [Test]
    public void Cli_UnknownOptionsWithStrict_AreRefusedAsBefore()
    {
        var r = OurCli.Run(Train(Dir.File("v.txt"), "-strict", "1", "-bogus", "1"));
        r.AssertRefused("ERROR: unknown option '-bogus' (run with no arguments for usage)");
        Assert.That(File.Exists(Dir.File("v.txt")), Is.False);
        r = OurCli.Run(Train(Dir.File("v.txt"), "stray", "-strict", "1"));
        Assert.That(r.Stderr, Does.StartWith("ERROR: unexpected argument 'stray' (options look like -train <file>"));
    }

    [Test]
    public void Cli_NumberWithTrailingCharacters_IsReadAsCReadsItWithAWarning()
    {
        var plain = OurCli.Run(Train(Dir.File("plain.txt"), "-window", "3", "-alpha", "0.05", "-sample", "1e-3"));
        Assert.That(plain.Code, Is.Zero, plain.Stderr);
        var loose = OurCli.Run([.. Train(Dir.File("loose.txt"), "-window", "3.9", "-alpha", "0.05x", "-sample", "1e-3e")]);
        Assert.That(loose.Code, Is.Zero, loose.Stderr);
        Assert.That(Lines(loose.Stderr), Is.EqualTo(new[]
        {
            "WARNING: -window '3.9' read as 3",
            "WARNING: -alpha '0.05x' read as 0.05",
            "WARNING: -sample '1e-3e' read as 0.001",
        }));
        Assert.That(File.ReadAllBytes(Dir.File("loose.txt")), Is.EqualTo(File.ReadAllBytes(Dir.File("plain.txt"))));
    }

    [Test]
    public void Cli_SizeWithTrailingCharacters_TrainsAtItsPrefix()
    {
        var r = OurCli.Run(["-train", Corpus, "-output", Dir.File("v.txt"), "-size", "20abc", "-min-count", "1", "-iter", "1", "-threads", "1", "-debug", "0"]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "WARNING: -size '20abc' read as 20" + Environment.NewLine)));
        Assert.That(File.ReadLines(Dir.File("v.txt")).First(), Is.EqualTo("41 20"));
    }

    [TestCase("-size", "20abc", "ERROR: invalid value '20abc' for -size")]
    [TestCase("-alpha", "0.05x", "ERROR: invalid value '0.05x' for -alpha")]
    [TestCase("-threads", "1.5", "ERROR: invalid value '1.5' for -threads")]
    public void Cli_NumberWithTrailingCharactersWithStrict_IsRefused(string flag, string value, string error)
    {
        var r = OurCli.Run(Train(Dir.File("v.txt"), "-strict", "1", flag, value));
        r.AssertRefused(error);
    }

    [TestCase("-size", "abc", "ERROR: invalid value 'abc' for -size")]
    [TestCase("-cbow", "true", "ERROR: invalid value 'true' for -cbow")]
    [TestCase("-size", "4294967316", "ERROR: invalid value '4294967316' for -size (out of range)")]
    [TestCase("-alpha", "nan", "ERROR: invalid value 'nan' for -alpha (not a finite number)")]
    [TestCase("-sample", "1e39", "ERROR: invalid value '1e39' for -sample (not a finite number)")]
    [TestCase("-threads", "0x4", "ERROR: -threads must be a positive integer (got 0)")]
    [TestCase("-strict", "yes", "ERROR: invalid value 'yes' for -strict")]
    [TestCase("-strict", "2", "ERROR: invalid value '2' for -strict (0 or 1)")]
    public void Cli_ValueCReadsAsSomethingElse_IsRefused(string flag, string value, string error)
    {
        var r = OurCli.Run(Train(Dir.File("v.txt"), flag, value));
        r.AssertRefused(error);
    }

    [Test]
    public void Cli_FlagGivenTwice_FirstAppliesWithAWarning()
    {
        var r = OurCli.Run([.. Train(Dir.File("v.txt")), "-size", "30", "-iter"]);
        Assert.That(r.Code, Is.Zero, r.Stderr);
        Assert.That(Lines(r.Stderr), Is.EqualTo(new[]
        {
            "WARNING: repeated -size '30' ignored; the first one applies",
            "WARNING: repeated -iter ignored; the first one applies",
        }));
        Assert.That(File.ReadLines(Dir.File("v.txt")).First(), Is.EqualTo("41 8"));
        r = OurCli.Run([.. Train(Dir.File("v.txt")), "-size", "30", "-strict", "1"]);
        r.AssertRefused("ERROR: -size is given twice");
    }

    /// <summary>C's ArgPos finds a flag anywhere, the value of an unknown option included; a known flag as the last
    /// argument is C's "Argument missing".</summary>
    [Test]
    public void FlagTable_KnownFlagAfterAnUnknownOne_IsFoundAsCFindsIt()
    {
        var warnings = new StringWriter();
        var a = TrainFlags.Table.Parse(["-train", "t", "-foo", "-size", "7", "-bar", "-1"], warnings);
        Assert.That(a.Options.Size, Is.EqualTo(7));
        Assert.That(Lines(warnings.ToString()), Is.EqualTo(new[]
        {
            "WARNING: unknown option '-foo' ignored",
            "WARNING: unknown option '-bar' and its value '-1' ignored",
        }));
        Assert.That(TrainFlags.Table.Parse(["-foo", "-iter", "3", "-x", "--alpha", "1", "-y"], TextWriter.Null).Given, Is.EquivalentTo(new[] { "iter", "alpha" }),
            "the flags given, for a continued model's settings");
    }

    [Test]
    public void FlagTable_ValueThatIsAFlagName_IsBothAsInC()
    {
        var warnings = new StringWriter();
        var a = TrainFlags.Table.Parse(["-train", "-size", "7"], warnings);
        Assert.That((a.Train, a.Options.Size), Is.EqualTo(("-size", 7)));
        Assert.That(warnings.ToString().TrimEnd(), Is.EqualTo("WARNING: '-size' is read both as the value of -train and as an option, as the C tool reads it"));
        var e = Assert.Throws<CliError>(() => TrainFlags.Table.Parse(["-train", "-size", "7", "-strict", "1"]));
        Assert.That(e!.Message, Is.EqualTo("ERROR: '-size' is both the value of -train and an option"));
    }

    [TestCase(new[] { "-train", "t", "-size" }, "Argument missing for -size")]
    [TestCase(new[] { "-train", "t", "-foo", "-strict" }, "Argument missing for -strict")]
    public void FlagTable_KnownFlagLast_IsArgumentMissing(string[] args, string error) =>
        Assert.That(Assert.Throws<CliError>(() => TrainFlags.Table.Parse(args))!.Message, Is.EqualTo(error));

    [Test]
    public void FlagTable_KnownFlagLastAfterItsFirstOccurrence_IsARepeat()
    {
        var warnings = new StringWriter();
        Assert.That(TrainFlags.Table.Parse(["-size", "5", "-train", "t", "-size"], warnings).Options.Size, Is.EqualTo(5));
        Assert.That(warnings.ToString().TrimEnd(), Is.EqualTo("WARNING: repeated -size ignored; the first one applies"));
    }

    [Test]
    public void Cli_RefusedCommandLine_PrintsTheErrorOnly()
    {
        var r = OurCli.Run(Train(Dir.File("v.txt"), "-foo", "1", "-size", "abc"));
        r.AssertRefused("ERROR: invalid value 'abc' for -size");
    }

    [Test]
    public void Cli_HelpAlone_PrintsTheUsage()
    {
        var r = OurCli.Run("-help");
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(r.Stdout, Does.StartWith("WORD VECTOR estimation toolkit v 0.1c\n").And.Contain("\t-strict <int>\n"));
    }

    [Test]
    public void Word2Phrase_UnknownOptionsAndLooseNumbers_WarnAndWriteAsWithoutThem()
    {
        var plain = OurCli.Run("word2phrase", "-train", Corpus, "-output", Dir.File("plain.txt"), "-threshold", "2", "-min-count", "3", "-debug", "0");
        Assert.That((plain.Code, plain.Stderr), Is.EqualTo((0, "")));
        var loose = OurCli.Run("word2phrase", "-train", Corpus, "-output", Dir.File("loose.txt"), "-threshold", "2.0x", "-foo", "1", "-min-count", "3 ", "-debug", "0", "extra");
        Assert.That(loose.Code, Is.Zero, loose.Stderr);
        Assert.That(Lines(loose.Stderr), Is.EqualTo(new[]
        {
            "WARNING: -threshold '2.0x' read as 2",
            "WARNING: unknown option '-foo' and its value '1' ignored",
            "WARNING: unexpected argument 'extra' ignored",
        }));
        Assert.That(File.ReadAllBytes(Dir.File("loose.txt")), Is.EqualTo(File.ReadAllBytes(Dir.File("plain.txt"))));
        var strict = OurCli.Run("word2phrase", "-train", Corpus, "-output", Dir.File("s.txt"), "-foo", "1", "-strict", "1");
        strict.AssertRefused("ERROR: unknown option '-foo' (run with no arguments for usage)");
    }

    [Test]
    public void ComputeAccuracy_ExtraArgumentsAndLooseThreshold_WarnAndAnswerAsC()
    {
        string vec = Scratch.File(VectorFixtures.File(binary: true));
        const string Questions = ": capital\nparis france rome italy\nking queen man woman\n";
        var plain = OurCli.Run(["compute-accuracy", vec, "6"], Questions);
        var loose = OurCli.Run(["compute-accuracy", vec, "6abc", "-foo", "x"], Questions);
        Assert.That(loose.Code, Is.Zero, loose.Stderr);
        Assert.That(loose.Stdout, Is.EqualTo(plain.Stdout));
        Assert.That(Lines(loose.Stderr), Is.EqualTo(new[]
        {
            "WARNING: threshold '6abc' read as 6",
            "WARNING: extra argument '-foo' ignored (compute-accuracy reads <FILE> <threshold>)",
            "WARNING: extra argument 'x' ignored (compute-accuracy reads <FILE> <threshold>)",
        }));
        // -strict in the threshold's place: C reads atoi("-strict"), 0, the default.
        var strict = OurCli.Run(["compute-accuracy", vec, "-strict", "1"], Questions);
        Assert.That((strict.Code, strict.Stderr, strict.Stdout), Is.EqualTo((0, "", OurCli.Run(["compute-accuracy", vec], Questions).Stdout)));
        strict = OurCli.Run(["compute-accuracy", vec, "6", "x", "-strict", "1"], Questions);
        strict.AssertRefused("ERROR: unexpected argument 'x' (compute-accuracy reads <FILE> <threshold>)");
        strict = OurCli.Run(["compute-accuracy", vec, "6abc", "-strict", "1"], Questions);
        strict.AssertRefused("ERROR: invalid value '6abc' for threshold");
        var none = OurCli.Run(["compute-accuracy", vec, "abc"], Questions);
        none.AssertRefused("ERROR: invalid value 'abc' for threshold");
    }

    [TestCase("distance")]
    [TestCase("word-analogy")]
    public void Neighbours_ExtraArguments_WarnAndRunAsC(string verb)
    {
        string vec = Scratch.File(VectorFixtures.File(binary: true));
        const string Queries = "king\nking man woman\nEXIT\n";
        var plain = OurCli.Run([verb, vec], Queries);
        var extra = OurCli.Run([verb, vec, "-foo", "5"], Queries);
        Assert.That(extra.Code, Is.Zero, extra.Stderr);
        Assert.That(extra.Stdout, Is.EqualTo(plain.Stdout));
        Assert.That(Lines(extra.Stderr), Is.EqualTo(new[]
        {
            $"WARNING: extra argument '-foo' ignored ({verb} reads <FILE> only)",
            $"WARNING: extra argument '5' ignored ({verb} reads <FILE> only)",
        }));
        var strict = OurCli.Run([verb, vec, "-strict", "1", "-foo"], Queries);
        Assert.That((strict.Code, strict.Stdout), Is.EqualTo((1, "")));
        Assert.That(strict.Stderr, Is.EqualTo($"ERROR: unexpected argument '-foo' ({verb} reads <FILE> only)" + Environment.NewLine));
        Assert.That(OurCli.Run([verb, vec, "-strict", "1"], Queries).Stdout, Is.EqualTo(plain.Stdout));
        // Before the file, where C would take it for the file: one error line, not a warning for each argument first.
        strict = OurCli.Run([verb, "-strict", "1", vec], Queries);
        strict.AssertRefused($"ERROR: -strict goes after the file ({verb} reads <FILE> only)");
    }
}
