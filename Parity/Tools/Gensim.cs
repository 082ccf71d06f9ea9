using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity.Tools;

/// <summary>A Python with gensim (Debian's python3-gensim in CI). Tests that need it are skipped with the reason
/// where none is found, except in CI (CI=true) where they fail. WORD2VEC_PYTHON names an interpreter to use.</summary>
internal static class Gensim
{
    private static readonly Lazy<(string? Python, string Why)> s_python = new(Find);

    public static string Require()
    {
        var (py, why) = s_python.Value;
        if (py != null) return py;
        string msg = "gensim unavailable (" + why + "); install python3-gensim";
        if (RepoPaths.InCi) Assert.Fail(msg);
        Assert.Ignore(msg);
        return null!;
    }

    private static (string?, string) Find()
    {
        var candidates = new List<string>();
        string? env = Environment.GetEnvironmentVariable("WORD2VEC_PYTHON");
        if (!string.IsNullOrEmpty(env)) candidates.Add(env);
        candidates.AddRange(["python3", "/usr/bin/python3"]);
        string why = "no python3 found";
        foreach (var py in candidates)
        {
            try
            {
                var r = ProcessRunner.Run(py, ["-c", "import gensim"], timeoutSeconds: 120);
                if (r.ExitCode == 0) return (py, "");
                why = $"{py} -c \"import gensim\" failed: {r.Stderr.Trim().Split('\n').LastOrDefault()}";
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return (null, why);
    }

    /// <summary>Runs a Python script (written into <paramref name="dir"/>) with arguments; fails on error.</summary>
    public static string Run(string dir, string script, params string[] args)
    {
        string py = Require();
        string path = Path.Combine(dir, "script-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..8] + ".py");
        File.WriteAllText(path, script);
        var r = ProcessRunner.Run(py, [path, .. args], dir, timeoutSeconds: 300);
        Assert.That(r.ExitCode, Is.Zero, $"python failed: {r.Stderr}");
        return r.StdoutText;
    }
}
