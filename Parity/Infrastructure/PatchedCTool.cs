namespace Word2VecNative.Parity.Infrastructure;

/// <summary>
/// The reference word2vec.c with <c>-seed</c>, <c>-init-range</c> and <c>-min-alpha</c> added, built by
/// <c>Parity/reference/patched-c-tool.sh</c> into the git-ignored <c>.reference/patched/</c> with the exact flags, so
/// that those settings are compared with the C algorithm too. Skipped (failed in CI) where the C tool is.
/// </summary>
internal static class PatchedCTool
{
    private static readonly Lazy<(string? Path, string? Why)> s_word2vec = new(Build);

    /// <summary>Path of the patched word2vec, or the test is skipped.</summary>
    public static string Require()
    {
        CTool.Require();
        var (path, why) = s_word2vec.Value;
        if (path != null) return path;
        NUnit.Framework.Assert.Fail("patched C tool unavailable: " + why);
        return null!;
    }

    private static (string?, string?) Build()
    {
        string script = System.IO.Path.Combine(RepoPaths.Root, "Parity", "reference", "patched-c-tool.sh");
        var r = ProcessRunner.Run("bash", [script], RepoPaths.Root, timeoutSeconds: 1800);
        if (r.ExitCode != 0) return (null, r.Stderr.Trim());
        string line = r.StdoutText.Split('\n').FirstOrDefault(l => l.StartsWith("word2vec=", StringComparison.Ordinal)) ?? "";
        return line.Length > 9 ? (line[9..], null) : (null, $"{script} printed no word2vec= line");
    }
}
