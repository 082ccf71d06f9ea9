using NUnit.Framework;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>The data sets in <c>../shared/data</c>, decompressed once into <c>.reference/data</c>. Tests that need
/// them are skipped with the reason where the folder is absent (failed in CI, where it is always present).</summary>
internal static class SharedData
{
    private static readonly object s_gate = new();

    /// <summary>Path of a decompressed data file (name without .xz), or the test is skipped.</summary>
    public static string Require(string name)
    {
        string? shared = RepoPaths.Shared;
        if (shared == null) Skip($"../shared is absent, so {name} is unavailable");
        string plain = Path.Combine(shared!, "data", name);
        if (File.Exists(plain)) return plain;
        string xz = plain + ".xz";
        if (!File.Exists(xz)) Skip($"{xz} is absent");
        string dir = Path.Combine(RepoPaths.Reference, "data");
        string target = Path.Combine(dir, name);
        lock (s_gate)
        {
            if (File.Exists(target)) return target;
            Directory.CreateDirectory(dir);
            using var lockFile = new FileStream(Path.Combine(dir, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (File.Exists(target)) return target;
            var r = ProcessRunner.Run("sh", ["-c", $"xz -dc '{xz}' > '{target}.part'"], timeoutSeconds: 600);
            if (r.ExitCode != 0) Skip($"xz failed on {xz}: {r.Stderr.Trim()}");
            File.Move(target + ".part", target, true);
        }
        return target;
    }

    /// <summary>The first <paramref name="bytes"/> bytes of a data file (see <see cref="Require"/>).</summary>
    public static byte[] Head(string name, int bytes)
    {
        var buf = new byte[bytes];
        using (var fs = File.OpenRead(Require(name))) fs.ReadExactly(buf);
        return buf;
    }

    private static void Skip(string why)
    {
        if (RepoPaths.InCi) Assert.Fail(why);
        Assert.Ignore(why);
    }
}
