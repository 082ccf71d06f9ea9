using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Tests.Vectors;

namespace Word2VecNative.Tests.Cli;

/// <summary>The command as a person runs it: in a real terminal, through a link under a C program's name, asking
/// for help or the version, and the demo.</summary>
[NonParallelizable]
public sealed class TerminalTests
{
    /// <summary>The built program (the apphost beside the tests).</summary>
    private static string AppHost => Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, OperatingSystem.IsWindows() ? "word2vec.exe" : "word2vec");

    [TestCase("help")]
    [TestCase("-h")]
    [TestCase("--help")]
    public void Help_EveryUsualSpelling_PrintsTheUsage(string flag)
    {
        var (code, output, err) = OurCli.Run(flag);
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.StartWith("WORD VECTOR estimation toolkit v 0.1c\n").And.Contain("Word2VecNative additions:\n").And.Contain("\t-exact <int>\n"));
        Assert.That(output, Is.EqualTo(OurCli.Run().Stdout), "the same text as running with no arguments");
    }

    [Test]
    public void Version_PrintsTheProgramAndItsVersion()
    {
        var (code, output, _) = OurCli.Run("--version");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Match(@"^word2vec \(Word2VecNative\) \d+\.\d+\.\d+\S*\n$"));
    }

    [Test]
    public void Demo_PrintsTheWoodchuckCodesAndNeighbours()
    {
        var (code, output, err) = OurCli.Run("demo");
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.StartWith("Woodchuck sample: how much wood would a wood chuck chuck if a wood chuck could chuck wood\n"));
        Assert.That(output, Does.Contain("Vocab size: 9\nWords in train file: 16\n"));
        Assert.That(output, Does.Contain("chuck: count 4, code "));
        var cat = output.Split('\n').Single(l => l.StartsWith("cat ", StringComparison.Ordinal));
        string[] animals = ["dog", "horse", "cow", "sheep", "goat", "pig", "rabbit"];
        var near = cat[(cat.IndexOf("->", StringComparison.Ordinal) + 2)..].Split(',').Select(n => n.Trim().Split(' ')[0]);
        Assert.That(near, Is.SubsetOf(animals), cat);
    }

    [Test]
    public void AppHost_LinkedAsDistance_IsDistance()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("symbolic links to the program are a Unix habit");
        using var dir = new TempDir("w2v-link-");
        string link = dir.File("distance");
        File.CreateSymbolicLink(link, AppHost);
        var r = ProcessRunner.Run(link, [], dir.Path, timeoutSeconds: 60);
        Assert.That(r.ExitCode, Is.Zero, r.Stderr);
        Assert.That(r.StdoutText, Is.EqualTo("Usage: ./distance <FILE>\nwhere FILE contains word projections in the BINARY FORMAT\n"));
    }

    /// <summary>In a real terminal Enter sends a carriage return, which the terminal turns into the newline the query
    /// loop waits for, as long as the program leaves the terminal's line mode alone.</summary>
    [Test]
    public void Distance_InATerminal_AnswersWhenEnterIsPressed()
    {
        using var t = Terminal.Start($"'{AppHost}' distance '{Scratch.File(VectorFixtures.File(binary: true))}'");
        Assert.That(t.WaitFor("Enter word or sentence (EXIT to break): ", 60), Is.True, "the prompt: " + t.Seen);
        t.Type("queen\r");
        Assert.That(t.WaitFor("Position in vocabulary: 2", 20), Is.True, "Enter (a carriage return from the terminal) ends the query: " + t.Seen);
        Assert.That(t.WaitFor("Cosine distance", 10), Is.True, t.Seen);
        t.Type("EXIT\r");
        Assert.That(t.Process.WaitForExit(20000), Is.True, "EXIT ends the program");
        Assert.That(t.Process.ExitCode, Is.Zero);
    }

    /// <summary>Ctrl-C at the prompt ends the program at once (130, no query run, no error line), as it ends the C
    /// program; it used to wait for the next line to be typed.</summary>
    [TestCase("distance", "Enter word or sentence (EXIT to break): ")]
    [TestCase("word-analogy", "Enter three words (EXIT to break): ")]
    public void Prompt_InATerminal_CtrlCEndsAtOnce(string verb, string prompt)
    {
        using var t = Terminal.Start($"'{AppHost}' {verb} '{Scratch.File(VectorFixtures.File(binary: true))}'");
        Assert.That(t.WaitFor(prompt, 60), Is.True, "the prompt: " + t.Seen);
        t.Type("\u0003");
        Assert.That(t.Process.WaitForExit(10000), Is.True, "Ctrl-C ends the program without another line typed: " + t.Seen);
        Assert.That(t.Process.ExitCode, Is.EqualTo(130));
        Assert.That(t.Seen, Does.Not.Contain("ERROR"));
    }

    /// <summary>Ctrl-D (end of input) at the prompt ends the program with the cursor on a new line.</summary>
    [Test]
    public void Prompt_InATerminal_CtrlDEndsOnANewLine()
    {
        using var t = Terminal.Start($"'{AppHost}' distance '{Scratch.File(VectorFixtures.File(binary: true))}'");
        const string prompt = "Enter word or sentence (EXIT to break): ";
        Assert.That(t.WaitFor(prompt, 60), Is.True, "the prompt: " + t.Seen);
        t.Type("\u0004");
        Assert.That(t.Process.WaitForExit(10000), Is.True, "Ctrl-D ends the program: " + t.Seen);
        Assert.That(t.Process.ExitCode, Is.Zero);
        string seen = t.Seen;
        Assert.That(seen[(seen.LastIndexOf(prompt, StringComparison.Ordinal) + prompt.Length)..], Does.Contain("\n"), "a newline after the prompt");
    }

    /// <summary>Keys typed ahead, before the prompt is up, are read as the terminal's line discipline gave them: a Ctrl-D
    /// typed at once is the end of input, as it is for the C program (.NET's console stream switched the terminal to
    /// its own raw mode for each read, which dropped an end of input typed before the switch, and the program waited).</summary>
    [Test]
    public void Prompt_InATerminal_CtrlDTypedAheadEndsTheProgram()
    {
        using var t = Terminal.Start($"'{AppHost}' distance '{Scratch.File(VectorFixtures.File(binary: true))}'");
        t.Type("\u0004");
        Assert.That(t.Process.WaitForExit(30000), Is.True, "Ctrl-D typed ahead ends the program: " + t.Seen);
        Assert.That(t.Process.ExitCode, Is.Zero, t.Seen);
        Assert.That(t.Seen, Does.Contain("Enter word or sentence (EXIT to break): "));
    }

    /// <summary>A program in a pseudo-terminal (util-linux script(1)): what it printed, and keys typed to it.</summary>
    private sealed class Terminal : IDisposable
    {
        private readonly StringBuilder _seen = new();
        private readonly Task _reader;

        private Terminal(Process process)
        {
            Process = process;
            _reader = Task.Run(() =>
            {
                var buf = new char[4096];
                int n;
                while ((n = process.StandardOutput.Read(buf, 0, buf.Length)) > 0) lock (_seen) _seen.Append(buf, 0, n);
            });
        }

        public Process Process { get; }

        public string Seen
        {
            get
            {
                lock (_seen) return _seen.ToString();
            }
        }

        public static Terminal Start(string command)
        {
            if (!OperatingSystem.IsLinux()) Assert.Ignore("uses util-linux script(1) for a pseudo-terminal");
            bool onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "script")));
            if (!onPath)
            {
                if (RepoPaths.InCi) Assert.Fail("script(1) (util-linux) is not on PATH");
                Assert.Ignore("script(1) (util-linux) is not on PATH");
            }
            // The program gets SIGINT's default disposition, as from an interactive shell: a test run started in the
            // background (`cmd &` in a script) ignores SIGINT, every program it starts inherits that, and a program that
            // ignores SIGINT (the C one too) is not interrupted by Ctrl-C.
            var psi = new ProcessStartInfo("env")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // -q quiet, -f flush, -e child's exit code, -c command; the log goes nowhere.
            foreach (var a in new[] { "--default-signal=INT", "script", "-qfec", command, "/dev/null" }) psi.ArgumentList.Add(a);
            try
            {
                return new Terminal(Process.Start(psi)!);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                if (RepoPaths.InCi) throw;
                Assert.Ignore("script(1) is not installed: " + e.Message);
                throw;
            }
        }

        public void Type(string keys)
        {
            Process.StandardInput.Write(keys);
            Process.StandardInput.Flush();
        }

        public bool WaitFor(string text, int seconds)
        {
            var until = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < until)
            {
                if (Seen.Contains(text, StringComparison.Ordinal)) return true;
                Thread.Sleep(50);
            }
            return false;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(true);
            _reader.Wait(5000);
            Process.Dispose();
        }
    }
}
