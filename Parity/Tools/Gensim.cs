using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity.Tools;

/// <summary>A Python with gensim (Debian's python3-gensim in CI). Tests that need it are skipped with the reason
/// where none is found, except in CI (CI=true) where they fail. WORD2VEC_PYTHON names an interpreter to use.</summary>
internal static class Gensim
{
    private static readonly ExternalTool s_python = new("gensim", "WORD2VEC_PYTHON", ["python3", "/usr/bin/python3"], ["-c", "import gensim"],
        "install python3-gensim", probeSeconds: 120);

    public static string Require() => s_python.Require();

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
