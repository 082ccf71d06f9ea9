using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Infrastructure;

/// <summary>
/// A program the tests take from the machine (a browser, a Python with a package): the first of the candidates, the
/// one <paramref name="variable"/> names before <paramref name="candidates"/>, that exits 0 when run with
/// <paramref name="probe"/>, looked for once. Tests that need it are skipped with the reason where none is found,
/// except in CI (CI=true) where they fail. The tests and the parity tests (which link this file) use it.
/// </summary>
internal sealed class ExternalTool(string what, string variable, string[] candidates, string[] probe, string install, int probeSeconds = 60)
{
    private readonly Lazy<(string? Path, string Why)> _found = new(() => Find(variable, candidates, probe, probeSeconds));

    /// <summary>The program's path or name; skips the test (fails it in CI) where none is found.</summary>
    public string Require()
    {
        var (path, why) = _found.Value;
        if (path != null) return path;
        string msg = $"{what} unavailable ({why}); {install}";
        if (RepoPaths.InCi) Assert.Fail(msg);
        Assert.Ignore(msg);
        return null!;
    }

    private static (string?, string) Find(string variable, string[] candidates, string[] probe, int probeSeconds)
    {
        var tried = new List<string>();
        string? named = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(named)) tried.Add(named);
        tried.AddRange(candidates);
        string why = $"none of {string.Join(", ", candidates)} found";
        foreach (var c in tried)
        {
            try
            {
                var r = ProcessRunner.Run(c, probe, timeoutSeconds: probeSeconds);
                if (r.ExitCode == 0) return (c, "");
                why = $"{c} {string.Join(' ', probe.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))} failed: {r.Stderr.Trim().Split('\n').LastOrDefault()}";
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return (null, why);
    }
}
