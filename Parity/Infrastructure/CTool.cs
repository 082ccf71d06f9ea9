using NUnit.Framework;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>
/// The reference C tool: the npm package word2vec@1.1.5 ships the original sources (src/*.c). They are fetched
/// with <c>npm pack</c> into the git-ignored <c>.reference/</c> folder and built with gcc there, never committed.
/// Two builds: <see cref="Fast"/> with the package's makefile flags (for benchmarks) and <see cref="Exact"/> with
/// <c>-ffp-contract=off</c> added, whose arithmetic our exact mode reproduces bit for bit.
/// Where npm or gcc is missing the tests that need it are skipped with the reason, except in CI where they fail.
/// </summary>
internal sealed class CTool
{
    public const string Package = "word2vec@1.1.5";
    public static readonly string[] Programs = ["word2vec", "word2phrase", "distance", "word-analogy", "compute-accuracy"];
    private const string MakefileFlags = "-lm -pthread -O3 -march=native -Wall -funroll-loops -Wno-unused-result -fno-stack-protector";

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
    public string CompileHarness(string name, string source, string extraFlags = "")
    {
        string dir = Path.Combine(RepoPaths.Reference, "harness");
        Directory.CreateDirectory(dir);
        string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source + extraFlags)))[..12];
        string exe = Path.Combine(dir, $"{name}-{hash}");
        if (File.Exists(exe)) return exe;
        string c = exe + ".c";
        File.WriteAllText(c, source);
        Gcc(c, exe + ".tmp", $"-I{SourceDir} {MakefileFlags} -ffp-contract=off {extraFlags}");
        File.Move(exe + ".tmp", exe, true);
        return exe;
    }

    private static (CTool?, string?) Create()
    {
        try
        {
            using var lockFile = AcquireLock();
            string root = Path.Combine(RepoPaths.Reference, "word2vec-1.1.5");
            string src = Path.Combine(root, "package", "src");
            if (!File.Exists(Path.Combine(src, "word2vec.c")))
            {
                Directory.CreateDirectory(root);
                var pack = ProcessRunner.Run("npm", ["pack", Package, "--silent"], root, timeoutSeconds: 300);
                if (pack.ExitCode != 0) return (null, $"npm pack {Package} failed: {pack.Stderr.Trim()}");
                string tgz = Directory.GetFiles(root, "*.tgz").FirstOrDefault() ?? "";
                if (tgz.Length == 0) return (null, "npm pack produced no archive");
                ProcessRunner.RunChecked("tar", ["xzf", tgz, "-C", root]);
            }
            string fast = Path.Combine(RepoPaths.Reference, "build", "fast");
            string exact = Path.Combine(RepoPaths.Reference, "build", "exact");
            Directory.CreateDirectory(fast);
            Directory.CreateDirectory(exact);
            foreach (var prog in Programs)
            {
                string c = Path.Combine(src, prog + ".c");
                if (!File.Exists(Path.Combine(fast, prog))) Gcc(c, Path.Combine(fast, prog), MakefileFlags);
                if (!File.Exists(Path.Combine(exact, prog))) Gcc(c, Path.Combine(exact, prog), MakefileFlags + " -ffp-contract=off");
            }
            return (new CTool(src, fast, exact), null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"a tool is missing ({e.Message}); install nodejs/npm and gcc");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
        {
            return (null, e.Message);
        }
    }

    private static void Gcc(string source, string output, string flags)
    {
        var args = new List<string> { source, "-o", output + ".part" };
        args.AddRange(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        ProcessRunner.RunChecked("gcc", args, timeoutSeconds: 300);
        File.Move(output + ".part", output, true);
    }

    private static FileStream AcquireLock()
    {
        string path = Path.Combine(RepoPaths.Reference, ".lock");
        for (int i = 0; ; i++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (i < 1200)
            {
                Thread.Sleep(500);
            }
        }
    }
}
