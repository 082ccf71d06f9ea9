namespace Word2VecNative.Parity.Infrastructure;

/// <summary>Where things are: the repository root, its git-ignored <c>.reference/</c> cache, and <c>../shared</c>.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary>Git-ignored folder for the fetched C tool, its builds and decompressed data.</summary>
    public static string Reference
    {
        get
        {
            string p = Path.Combine(Root, ".reference");
            Directory.CreateDirectory(p);
            return p;
        }
    }

    /// <summary>The shared folder beside the repository, or null when absent.</summary>
    public static string? Shared
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("WORD2VEC_SHARED");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
            string p = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            return Directory.Exists(p) ? p : null;
        }
    }

    /// <summary>True where a missing prerequisite must fail rather than skip (CI sets CI=true).</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Word2VecNative.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Word2VecNative.sln not found above " + AppContext.BaseDirectory);
    }
}
