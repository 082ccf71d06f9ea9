using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Tests.Vectors;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// 500 seeded random argument lists for every command: flags known and unknown, values valid, out of range,
/// non-numeric, huge, empty, with control characters; files present, missing, directories. Each run must end in
/// exactly one of: success (exit 0, nothing on standard error but an optional warning), one clear error line (exit 1),
/// or, for a run that would train too long for a test, a clean cancellation (exit 130) — never another exception, a
/// stack trace or a hang (warnings about ignored arguments may come before the error line). A failure prints the seed and the case to replay it.
/// </summary>
[NonParallelizable]
public sealed class CliArgumentFuzzTests
{
    private const int Cases = 500;
    private const int Seed = 20261201;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(3);

    private string _dir = null!;
    private string _corpus = null!;
    private string _vectors = null!;
    private string _questions = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _corpus = Scratch.File(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 60).Select(i => $"the cat sat on the mat w{i % 9} and x{i % 5}\n"))), "corpus.txt");
        _dir = Path.GetDirectoryName(_corpus)!;
        _vectors = Path.Combine(_dir, "vectors.bin");
        File.WriteAllBytes(_vectors, VectorFixtures.File(binary: true));
        _questions = Path.Combine(_dir, "questions.txt");
        File.WriteAllText(_questions, ": capital\nparis france rome italy\nking queen man woman\n");
    }

    private static readonly string[] s_trainFlags =
    [
        "-train", "-output", "-size", "-window", "-sample", "-hs", "-negative", "-threads", "-iter", "-min-count", "-alpha",
        "-classes", "-debug", "-binary", "-save-vocab", "-read-vocab", "-cbow", "-exact", "-backend", "-device", "-allow-nonfinite",
        "-strict",
    ];

    private static readonly string[] s_phraseFlags = ["-train", "-output", "-min-count", "-threshold", "-debug", "-strict"];

    private string Value(Random r, string flag) => (r.Next(10), flag) switch
    {
        ( < 4, "-train" or "-read-vocab") => _corpus,
        ( < 5, "-output" or "-save-vocab") => Path.Combine(_dir, "out-" + r.Next(1000)),
        ( < 4, "-iter") => r.Next(1, 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ( < 4, "-size") => r.Next(1, 40).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ( < 4, "-backend") => r.Next(2) == 0 ? "cpu" : "opencl",
        _ => Wild(r),
    };

    private string Wild(Random r) => r.Next(22) switch
    {
        0 => "0",
        1 => "-1",
        2 => "1",
        3 => "2147483647",
        4 => "-2147483648",
        5 => "99999999999999999999",
        6 => "1e-4",
        7 => "abc",
        8 => "",
        9 => "nan",
        10 => "inf",
        11 => "1.5",
        12 => " 7",
        13 => "\u0007\u001b[31m",
        14 => _dir,
        15 => Path.Combine(_dir, "missing", "x"),
        16 => _vectors,
        17 => "/dev/null",
        18 => "-train",
        19 => "--",
        20 => new string('9', 400),
        _ => r.Next(0, 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private string[] ArgumentList(Random r, string[] flags)
    {
        var args = new List<string>();
        int n = r.Next(0, 9);
        for (int i = 0; i < n; i++)
        {
            int pick = r.Next(20);
            if (pick == 0) args.Add(Wild(r));                      // a stray value
            else if (pick == 1) args.Add("-no-such-flag");
            else if (pick == 2 && args.Count > 0) continue;         // a flag left without its value at the end
            else
            {
                string f = flags[r.Next(flags.Length)];
                args.Add(r.Next(10) == 0 ? "-" + f : f);           // sometimes --flag
                if (r.Next(12) != 0) args.Add(Value(r, f));
            }
        }
        return args.ToArray();
    }

    public static IEnumerable<TestCaseData> Commands()
    {
        yield return new TestCaseData("train").SetArgDisplayNames("word2vec");
        yield return new TestCaseData("word2phrase");
        yield return new TestCaseData("distance");
        yield return new TestCaseData("word-analogy");
        yield return new TestCaseData("compute-accuracy");
        yield return new TestCaseData("plot");
        yield return new TestCaseData("export-tsv");
        yield return new TestCaseData("devices");
        yield return new TestCaseData("help");
    }

    [TestCaseSource(nameof(Commands))]
    public void Cli_RandomArgumentLists_EndCleanly(string command)
    {
        // The command's characters, not its GetHashCode, which differs from one process to the next: a failing case replays.
        var r = new Random(Seed + command.Sum(c => (int)c));
        for (int i = 0; i < Cases; i++)
        {
            string[] args = command switch
            {
                "train" => ArgumentList(r, s_trainFlags),
                "word2phrase" => ["word2phrase", .. ArgumentList(r, s_phraseFlags)],
                "distance" or "word-analogy" or "compute-accuracy" => [command, .. Enumerable.Range(0, r.Next(0, 4)).Select(_ => r.Next(3) == 0 ? _vectors : Wild(r))],
                "plot" => [command, .. Enumerable.Range(0, r.Next(0, 6)).Select(_ => r.Next(6) switch
                {
                    0 => _vectors,
                    1 => "-pairs",
                    2 => "-title",
                    3 => "-output",
                    4 => Path.Combine(_dir, "plot.svg"),
                    _ => Wild(r),
                })],
                "export-tsv" => [command, .. Enumerable.Range(0, r.Next(0, 6)).Select(_ => r.Next(6) switch
                {
                    0 => _vectors,
                    1 => "-limit",
                    2 => r.Next(-3, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    3 => "-output",
                    4 => Path.Combine(_dir, "export"),
                    _ => Wild(r),
                })],
                _ => [command, .. Enumerable.Range(0, r.Next(0, 3)).Select(_ => Wild(r))],
            };
            byte[] stdin = command == "compute-accuracy" ? File.ReadAllBytes(_questions)
                : Encoding.UTF8.GetBytes(r.Next(3) switch { 0 => "king\nqueen man\nEXIT\n", 1 => "a b c\n\u0001\n", _ => "" });
            Check(command, i, args, stdin);
        }
    }

    private readonly Dictionary<string, int[]> _outcomes = [];

    [OneTimeTearDown]
    public void Report()
    {
        foreach (var (command, counts) in _outcomes)
            TestContext.Progress.WriteLine($"{command}: {counts[0]} succeeded, {counts[1]} refused with one line, {counts[2]} cancelled at the time limit");
    }

    private void Check(string command, int index, string[] args, byte[] stdin)
    {
        string replay = $"seed {Seed}, command {command}, case {index}: word2vec {string.Join(' ', args.Select(a => $"'{a}'"))}";
        using var cts = new CancellationTokenSource(s_budget);
        int code;
        string err;
        try
        {
            (code, _, err) = OurCli.Run(args, stdin, cancellationToken: cts.Token);
        }
        catch (Exception e)
        {
            Assert.Fail($"{replay}\nthrew {e.GetType().Name}: {e.Message}");
            return;
        }
        if (!_outcomes.TryGetValue(command, out var counts)) _outcomes[command] = counts = new int[3];
        counts[code == 0 ? 0 : code == 1 ? 1 : 2]++;
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        switch (code)
        {
            case 0:
                Assert.That(lines.All(l => l.StartsWith("WARNING: ", StringComparison.Ordinal)), Is.True, $"{replay}\nsucceeded with errors: {err}");
                break;
            case 1:
                // Warnings about what the command line holds (an unknown option) may come before the one error line.
                Assert.That(lines.Where(l => !l.StartsWith("WARNING: ", StringComparison.Ordinal)).ToArray(), Has.Length.EqualTo(1), $"{replay}\nexpected one error line: {err}");
                Assert.That(lines[^1], Does.Not.StartWith("WARNING: "), $"{replay}\nthe error line comes last: {err}");
                Assert.That(lines[^1], Does.Not.Contain("   at ").And.Not.Contain("Exception"), $"{replay}\nlooks like a stack trace: {err}");
                Assert.That(lines.Any(l => l.Any(char.IsControl)), Is.False, $"{replay}\ncontrol characters in the message: {err}");
                break;
            case Program.ExitInterrupted:
                Assert.That(cts.IsCancellationRequested, Is.True, $"{replay}\nexit 130 without cancellation");
                Assert.That(err, Is.EqualTo("ERROR: cancelled\n").Or.EqualTo("ERROR: cancelled\r\n"), replay);
                break;
            default:
                Assert.Fail($"{replay}\nexit code {code}: {err}");
                break;
        }
        foreach (var tmp in Directory.GetFiles(_dir, "*.tmp")) Assert.Fail($"{replay}\nleft a temporary file {tmp}");
    }
}
