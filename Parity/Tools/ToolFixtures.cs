using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity.Tools;

/// <summary>Inputs shared by the companion-tool parity tests: a text8 slice, a small model trained on it (binary
/// vectors), and a helper that runs the C programs as processes (ours run in process: <see cref="OurCli"/>).</summary>
internal static class ToolFixtures
{
    private static readonly Lazy<string> s_dir = new(() =>
    {
        string d = Path.Combine(RepoPaths.Reference, "tools-parity", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(d);
        return d;
    });

    private static readonly Lazy<string> s_model = new(() =>
    {
        string vec = Path.Combine(s_dir.Value, "vec.bin");
        var (code, _, err) = OurCli.Run(["-train", Slice(2_000_000), "-output", vec, "-binary", "1", "-size", "50", "-threads", "1", "-exact", "1",
            "-iter", "3", "-min-count", "5", "-sample", "1e-4", "-debug", "0"]);
        if (code != 0) throw new InvalidOperationException("training failed: " + err);
        return vec;
    });

    public static string Dir => s_dir.Value;

    /// <summary>A new folder of its own in <see cref="Dir"/> (removed with it when the tests end).</summary>
    public static string NewDir(string prefix) => Directory.CreateDirectory(Path.Combine(Dir, prefix + TempDir.Unique())).FullName;

    public static void DeleteScratch()
    {
        if (!s_dir.IsValueCreated) return;
        try { Directory.Delete(s_dir.Value, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The first <paramref name="bytes"/> bytes of text8 (cut at a space).</summary>
    public static string Slice(int bytes)
    {
        string p = Path.Combine(Dir, $"text8-{bytes}.txt");
        if (File.Exists(p)) return p;
        var buf = SharedData.Head("text8-prefix-12.5M", bytes);
        int end = Array.LastIndexOf(buf, (byte)' ');
        File.WriteAllBytes(p, buf[..end]);
        return p;
    }

    /// <summary>Binary vectors (50 dimensions, about 10k words) trained on a 2 MB text8 slice in exact mode with one thread, so
    /// the same bits on every run and machine (near-ties between neighbours are then the same everywhere).</summary>
    public static string Model() => s_model.Value;

    public static string C(string program, string[] args, string stdin)
    {
        var r = ProcessRunner.Run(program, args, Dir, Encoding.UTF8.GetBytes(stdin), timeoutSeconds: 120);
        Assert.That(r.ExitCode, Is.Zero, $"{program} failed: {r.Stderr}");
        return r.StdoutText;
    }
}
