using System.Text.RegularExpressions;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Training;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Docs;

/// <summary>Keeps the README's C# blocks true: each is the body of a method in Tests/Readme (a file of its own, with the
/// block's using lines only), word for word, and they run in order on the demo corpus as corpus.txt.</summary>
[NonParallelizable] // the examples read and write files in the current directory, which is the process's
public partial class ReadmeExampleTests
{
    private const string Begin = "// --- README example ---", End = "// --- end ---";

    /// <summary>A README block: its using directives and its statements (leading and trailing blank lines removed).</summary>
    private sealed record Snippet(string Where, string[] Usings, string[] Statements);

    /// <summary>Every ```csharp block of README.md is the whole body of a method in Tests/Readme, in a file whose using
    /// directives are the block's; and every file there holds a block of the README (none left behind by an edit).</summary>
    [Test]
    public void Readme_EveryCsharpBlock_IsAMethodBodyInTestsReadme()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var blocks = CsharpBlock().Matches(readme).Select(m => Split("README.md line " + (readme[..m.Index].Count(c => c == '\n') + 1), m.Groups[1].Value.Split('\n'))).ToList();
        Assert.That(blocks, Is.Not.Empty);
        var hosts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "Tests", "Readme"), "*.cs").Order(StringComparer.Ordinal).Select(Host).ToList();
        var problems = new List<string>();
        foreach (var block in blocks)
        {
            var host = hosts.FirstOrDefault(h => h.Statements.SequenceEqual(block.Statements));
            if (host == null)
                problems.Add($"{block.Where}: no method in Tests/Readme has this block as its body (between '{Begin}' and '{End}'):\n" + string.Join("\n", block.Statements));
            else if (!host.Usings.Order(StringComparer.Ordinal).SequenceEqual(block.Usings.Order(StringComparer.Ordinal)))
                problems.Add($"{block.Where}: {host.Where} has the using lines [{string.Join(" ", host.Usings)}], the block [{string.Join(" ", block.Usings)}]");
        }
        foreach (var host in hosts.Where(h => !blocks.Any(b => b.Statements.SequenceEqual(h.Statements))))
            problems.Add($"{host.Where} holds no block of README.md");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task Readme_Examples_RunAsWrittenOnTheDemoCorpus()
    {
        using var dir = new TempDir("w2v-readme-");
        dir.Write("corpus.txt", Word2VecNative.Cli.DemoCommand.GenerateCorpus(3000, seed: 7));
        string cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = dir.Path;

            await Printed(ReadmeSnippets.LibraryTraining.Run);
            Assert.That(File.ReadLines("vectors.txt").First(), Is.EqualTo("72 50"));
            Assert.That(new FileInfo("vectors.bin").Length, Is.GreaterThan(72 * 50 * 4));

            string queries = await Printed(ReadmeSnippets.LibraryQueries.Run);
            string[] cities = ["london", "berlin", "madrid", "rome", "vienna", "lisbon", "athens"];
            var neighbours = Neighbours(queries);
            Assert.That(neighbours.Select(l => l.Split(' ')[0]).ToArray(), Has.Length.EqualTo(3).And.SubsetOf(cities), queries);
            var summary = Summary().Match(queries);
            Assert.That(summary.Success, Is.True, queries);
            Assert.That(float.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0.5f), "two animals of the generated grammar are similar");
            Assert.That(summary.Groups[2].Value, Is.EqualTo("apple"));

            await Printed(ReadmeSnippets.ContinuedTraining.Run);
            var half = Word2VecModel.Load("half.w2vm");
            Assert.That((half.State!.EpochsDone, half.State.PlannedEpochs), Is.EqualTo((2, 4)));

            string hooks = await Printed(ReadmeSnippets.LibraryHooks.Run);
            var epochLines = hooks.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
            Assert.That(epochLines, Is.Not.Empty, hooks);
            Assert.That(epochLines.Select((l, i) => l.StartsWith($"epoch {i + 1}/3: loss ", StringComparison.Ordinal)), Has.All.True, "once per epoch, in order, each on a line of its own");
            var checkpoint = Word2VecModel.Load("epoch1.w2vm");
            Assert.That((checkpoint.State!.EpochsDone, checkpoint.State.PlannedEpochs, checkpoint.Vocabulary.Count), Is.EqualTo((1, 3, 72)));

            await Printed(ReadmeSnippets.SeveralMachines.Run);
            Assert.That(WordVectors.Load("cluster.bin").Count, Is.EqualTo(72), "without a launcher, one process trains");

            string looking = await Printed(ReadmeSnippets.LookingAtVectors.Run);
            Assert.That(looking, Does.Contain("we took the train to paris\n"));
            Assert.That(File.ReadAllLines("vectors_metadata.tsv"), Has.Length.EqualTo(72).And.Contains("paris"));
            Assert.That(File.ReadAllLines("vectors_tensor.tsv").Select(l => l.Split('\t').Length), Has.All.EqualTo(50));
            var labels = System.Xml.Linq.XDocument.Load("plot.svg").Descendants().Where(e => (string?)e.Attribute("class") == "label").Select(e => e.Value);
            Assert.That(labels, Is.EqualTo(new[] { "cat", "dog", "paris", "rome", "red", "blue" }));

            string mapped = await Printed(ReadmeSnippets.MemoryMapped.Run);
            Assert.That(File.Exists("vectors.bin" + WordVectors.IndexExtension), Is.True);
            Assert.That(Neighbours(mapped), Is.EqualTo(neighbours), "the mapped file answers as the loaded one");
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }
    }

    /// <summary>What <paramref name="example"/> writes to the console. Its <see cref="Progress{T}"/> reports run as they
    /// are made (a synchronization context that runs what is posted at once), so none is written after it returns.</summary>
    private static async Task<string> Printed(Func<Task> example)
    {
        var console = Console.Out;
        var context = SynchronizationContext.Current;
        var printed = new StringWriter();
        Console.SetOut(printed);
        SynchronizationContext.SetSynchronizationContext(new AtOnce());
        try
        {
            await example();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
            Console.SetOut(console);
        }
        return printed.ToString();
    }

    private sealed class AtOnce : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => d(state);
    }

    private static Task<string> Printed(Action example) => Printed(() =>
    {
        example();
        return Task.CompletedTask;
    });

    /// <summary>The "word 0.1234" lines (training's progress, written with carriage returns, set apart).</summary>
    private static string[] Neighbours(string printed) => [.. printed.Split('\n', '\r').Where(l => NeighbourLine().IsMatch(l))];

    private static Snippet Split(string where, IEnumerable<string> lines)
    {
        var all = lines.ToList();
        var usings = all.Where(l => UsingDirective().IsMatch(l)).Select(l => l.Trim()).ToArray();
        var statements = all.Where(l => !UsingDirective().IsMatch(l)).SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToArray();
        return new Snippet(where, usings, statements);
    }

    /// <summary>A file of Tests/Readme: its using directives and the lines between the markers, which must be the whole
    /// body of a method (a brace before the first marker, a brace after the second), unindented.</summary>
    private static Snippet Host(string path)
    {
        string where = "Tests/Readme/" + Path.GetFileName(path);
        var lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        int begin = Array.FindIndex(lines, l => l.Trim() == Begin), end = Array.FindIndex(lines, l => l.Trim() == End);
        Assert.That(begin > 0 && end > begin, Is.True, $"{where}: no '{Begin}' ... '{End}' region");
        Assert.That((lines[begin - 1].Trim(), lines[end + 1].Trim()), Is.EqualTo(("{", "}")), $"{where}: the region is not a whole method body");
        string indent = lines[begin][..lines[begin].IndexOf('/')];
        var body = lines[(begin + 1)..end].Select(l => l.Length == 0 ? l : l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : throw new AssertionException($"{where}: '{l}' is indented less than the marker"));
        var usings = lines.TakeWhile(l => !l.StartsWith("namespace", StringComparison.Ordinal)).Where(l => UsingDirective().IsMatch(l)).Select(l => l.Trim());
        return new Snippet(where, [.. usings], [.. body]);
    }

    [GeneratedRegex(@"^```csharp[ \t]*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CsharpBlock();

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>, ]+)?\s*;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\S+ -?\d+\.\d{4}$")]
    private static partial Regex NeighbourLine();

    [GeneratedRegex(@"cat-dog (-?\d+\.\d{4}), nearest to apple: (\S+)")]
    private static partial Regex Summary();

    [Test]
    public void Trainer_Train_AlreadyCancelledTokenStopsBeforeTraining()
    {
        using var corpus = TrainingCorpus.FromSentences(DemoSentences(20000, seed: 3));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var options = new TrainingOptions { MinCount = 1, Iterations = 50, Threads = 1, Size = 20 };
        Assert.That(() => Trainer.Train(options, corpus, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void TrainingCorpus_FromSentences_RejectsTokensWithWhiteSpace()
    {
        Assert.That(() => TrainingCorpus.FromSentences([["a b"]]), Throws.ArgumentException);
        Assert.That(() => TrainingCorpus.FromSentences([[""]]), Throws.ArgumentException);
    }

    /// <summary>The demo's generated corpus as tokenised sentences, as the README's snippets take them.</summary>
    private static IEnumerable<string[]> DemoSentences(int sentences, int seed) =>
        Word2VecNative.Cli.DemoCommand.GenerateCorpus(sentences, seed).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '));
}
