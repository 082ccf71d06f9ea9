using NUnit.Framework;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>
/// The reference C tool, fetched and built by <c>Parity/reference/c-tool.sh</c> (the one way the tests and the
/// benchmarks get it): the npm package word2vec@1.1.5 ships the original sources (src/*.c); they are fetched with
/// <c>npm pack</c> into the git-ignored <c>.reference/</c> folder and built with gcc there, never committed.
/// Two builds: <see cref="Fast"/> with the package's makefile flags (for benchmarks) and <see cref="Exact"/> with
/// <c>-ffp-contract=off</c> added, whose arithmetic our exact mode reproduces bit for bit.
/// Where npm or gcc is missing the tests that need it are skipped with the reason, except in CI where they fail.
/// </summary>
internal sealed class CTool
{
    private static readonly Lazy<(CTool? Tool, string? Why)> s_instance = new(Create);

    private CTool(string sourceDir, string fastDir, string exactDir)
    {
        SourceDir = sourceDir;
        FastDir = fastDir;
        ExactDir = exactDir;
    }

    /// <summary>Folder holding the package's C sources.</summary>
    public string SourceDir { get; }
    public string FastDir { get; }
    public string ExactDir { get; }

    /// <summary>Path of a program built with the makefile's flags.</summary>
    public string Fast(string program) => Path.Combine(FastDir, program);

    /// <summary>Path of a program built with -ffp-contract=off (bit-exact comparisons).</summary>
    public string Exact(string program) => Path.Combine(ExactDir, program);

    /// <summary>The built tool, or the test is skipped (failed in CI) with the reason.</summary>
    public static CTool Require()
    {
        var (tool, why) = s_instance.Value;
        if (tool != null) return tool;
        string msg = "reference C tool unavailable: " + why;
        if (RepoPaths.InCi) Assert.Fail(msg);
        Assert.Ignore(msg);
        return null!;
    }

    /// <summary>Compiles an extra C file of ours (for example a harness that #includes word2vec.c) against the
    /// package sources, with the exact flags; cached by content.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance method: only a tool that Require found compiles harnesses against its sources.")]
    public string CompileHarness(string name, string source, string extraFlags = "")
    {
        string dir = Path.Combine(RepoPaths.Reference, "harness");
        Directory.CreateDirectory(dir);
        string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source + extraFlags)))[..12];
        string exe = Path.Combine(dir, $"{name}-{hash}");
        if (File.Exists(exe)) return exe;
        string c = exe + ".c";
        File.WriteAllText(c, source);
        RunScript(["--compile", c, exe, .. extraFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        return exe;
    }

    private static string Script => Path.Combine(RepoPaths.Root, "Parity", "reference", "c-tool.sh");

    private static (CTool?, string?) Create()
    {
        try
        {
            var dirs = RunScript([]).StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .ToDictionary(kv => kv[0], kv => kv[1]);
            if (!dirs.TryGetValue("source", out var source) || !dirs.TryGetValue("fast", out var fast) || !dirs.TryGetValue("exact", out var exact))
                return (null, $"{Script} did not print source=, fast= and exact=");
            return (new CTool(source, fast, exact), null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"bash is missing ({e.Message})");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Runs c-tool.sh. When it fails, the message is its reason (the last line on standard error) followed
    /// by what it printed before (npm's or gcc's complaint).</summary>
    private static ProcessRunner.Result RunScript(IEnumerable<string> args)
    {
        var r = ProcessRunner.Run("bash", [Script, .. args], RepoPaths.Root, timeoutSeconds: 1800);
        if (r.ExitCode == 0) return r;
        string[] lines = r.Stderr.Trim().Split('\n');
        string reason = lines[^1].Length > 0 ? lines[^1] : $"{Script} exited {r.ExitCode}";
        throw new InvalidOperationException(lines.Length > 1 ? reason + "\n" + string.Join('\n', lines[..^1]) : reason);
    }
}
