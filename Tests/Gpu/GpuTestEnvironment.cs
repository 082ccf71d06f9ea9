using NUnit.Framework;
using Word2VecNative.Gpu;

namespace Word2VecNative.Tests.Gpu;

/// <summary>Where the GPU tests run: OpenCL (PoCL in CI) must be present in CI and is skipped elsewhere when absent;
/// CUDA is skipped wherever libcuda.so.1 is absent. Also the repository paths and the shared data cache.</summary>
internal static class GpuTestEnvironment
{
    private static readonly object s_gate = new();

    /// <summary>True where a missing prerequisite must fail rather than skip (CI sets CI=true).</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first OpenCL device, or the test is skipped (failed in CI) with the reason.</summary>
    public static GpuDeviceInfo RequireOpenCl()
    {
        var report = GpuDevices.Report(GpuBackend.OpenCl);
        if (report.Devices.Count == 0) Skip($"no OpenCL device: {report.Error}", failInCi: true);
        return report.Devices[0];
    }

    /// <summary>The first CUDA device, or the test is skipped with the reason (also in CI, which has no NVIDIA GPU).</summary>
    public static GpuDeviceInfo RequireCuda()
    {
        var report = GpuDevices.Report(GpuBackend.Cuda);
        if (report.Devices.Count == 0) Skip($"no CUDA device: {report.Error}", failInCi: false);
        return report.Devices[0];
    }

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Word2VecNative.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Word2VecNative.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A file of ../shared/data (decompressed once into the git-ignored .reference/data), or the test is skipped (failed in CI).</summary>
    public static string SharedFile(string name)
    {
        string? env = Environment.GetEnvironmentVariable("WORD2VEC_SHARED");
        string shared = !string.IsNullOrEmpty(env) && Directory.Exists(env) ? env : Path.GetFullPath(Path.Combine(Root, "..", "shared"));
        string plain = Path.Combine(shared, "data", name);
        if (File.Exists(plain)) return plain;
        string xz = plain + ".xz";
        if (!File.Exists(xz)) Skip($"{xz} is absent", failInCi: true);
        string dir = Path.Combine(Root, ".reference", "data");
        string target = Path.Combine(dir, name);
        lock (s_gate)
        {
            if (File.Exists(target)) return target;
            Directory.CreateDirectory(dir);
            using var lockFile = new FileStream(Path.Combine(dir, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (File.Exists(target)) return target;
            var psi = new System.Diagnostics.ProcessStartInfo("sh", ["-c", $"xz -dc '{xz}' > '{target}.part'"]) { RedirectStandardError = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) Skip($"xz failed on {xz}: {err.Trim()}", failInCi: true);
            File.Move(target + ".part", target, true);
        }
        return target;
    }

    private static void Skip(string why, bool failInCi)
    {
        if (failInCi && InCi) Assert.Fail(why);
        Assert.Ignore(why);
    }
}
