using System.Globalization;
using Word2VecNative.Phrases;
using Word2VecNative.Training;

namespace Word2VecNative.Cli;

/// <summary>What word2phrase's flags set.</summary>
internal sealed class Word2PhraseArguments
{
    public string? Train { get; set; }
    public string? Output { get; set; }
    public int MinCount { get; set; } = 5;
    public double Threshold { get; set; } = 100;
    public int Debug { get; set; } = 2;
}

/// <summary><c>word2vec word2phrase</c>: word2phrase.c's command line over <see cref="PhraseModel"/>, with its usage
/// text, messages and progress lines.</summary>
internal static class Word2PhraseCommand
{
    private static readonly Word2PhraseArguments s_defaults = new();

    private static string Inv(object v) => Convert.ToString(v, CultureInfo.InvariantCulture)!;

    public static readonly FlagTable<Word2PhraseArguments> Table = new(
    [
        new("train", "<file>", "Use text data from <file> to train the model", "text to find phrases in", () => "(required)",
            (a, v) => a.Train = v.File()),
        new("output", "<file>", "Use <file> to save the resulting word vectors / word clusters / phrases", "the text with phrases joined by '_'", () => "(required)",
            (a, v) => a.Output = v.File()),
        new("min-count", "<int>", "This will discard words that appear less than <int> times; default is {0}", "discard words and pairs seen fewer times", () => Inv(s_defaults.MinCount),
            (a, v) => a.MinCount = v.Int()),
        new("threshold", "<float>", " The <float> value represents threshold for forming the phrases (higher means less phrases); default {0}", "score a pair needs to become a phrase", () => Inv(s_defaults.Threshold),
            (a, v) => a.Threshold = v.Float()),
        new("debug", "<int>", "Set the debug mode (default = {0} = more info during training)", "0 quiet, 1 summary, 2 progress", () => Inv(s_defaults.Debug),
            (a, v) => a.Debug = v.Int()),
        TrainFlags.StrictFlag<Word2PhraseArguments>(),
    ]);

    /// <summary>The C program's usage text, then this tool's additions (as the training command's).</summary>
    public static string UsageText(string programName) =>
        "WORD2PHRASE tool v0.1a\n\nOptions:\nParameters for training:\n" + Table.Usage(FlagSection.C) +
        $"\nExamples:\n{programName} -train text.txt -output phrases.txt -threshold 100 -debug 2\n\n" +
        "Word2VecNative additions:\n" + Table.Usage(FlagSection.Additions);

    public static int Run(VerbContext c)
    {
        var stdout = c.Stdout;
        if (c.Args.Length == 0)
        {
            stdout.Write(UsageText(c.ProgramName));
            return 0;
        }
        var a = Table.Parse(c.Args, c.Stderr);
        if (string.IsNullOrEmpty(a.Output)) throw new CliError("ERROR: -output <file> is required");
        if (a.Train != null)
        {
            TrainCommand.RefuseSameFile([("train", a.Train, false), ("output", a.Output, true)], []);
            CorpusArgument.RefuseOutputsInFolder(a.Train, [("output", a.Output)]);
        }
        TrainCommand.EnsureWritableDirectory(a.Output);
        stdout.Write($"Starting training using file {a.Train}\n");
        stdout.Flush();
        if (string.IsNullOrEmpty(a.Train) || !CorpusArgument.Exists(a.Train)) throw new CliError("ERROR: training data file not found!");
        using var corpus = CorpusArgument.Open(a.Train, c.Stdin, c.CancellationToken);
        var phrases = PhraseModel.Learn(corpus, a.MinCount, a.Debug > 1 ? (words, entries) =>
        {
            stdout.Write($"Words processed: {words / 1000}K     Vocab size: {entries / 1000}K  \r");
            stdout.Flush();
        }
        : null, cancellationToken: c.CancellationToken);
        if (a.Debug > 0)
        {
            stdout.Write($"\nVocab size (unigrams + bigrams): {phrases.VocabularySize}\n");
            stdout.Write($"Words in train file: {phrases.TrainWords}\n");
            stdout.Flush();
        }
        phrases.Write(corpus, a.Output, (float)a.Threshold, a.Debug > 1 ? n =>
        {
            stdout.Write($"Words written: {n / 1000}K\r");
            stdout.Flush();
        }
        : null, c.CancellationToken);
        stdout.Flush();
        return 0;
    }
}
