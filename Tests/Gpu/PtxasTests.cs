using System.Text.RegularExpressions;
using ILGPU.Runtime.Cuda;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>
/// The PTX that ILGPU emits for every training kernel variant, in the shapes the host lays out on a CUDA device for
/// -size 100 and 300, assembled by NVIDIA's ptxas for sm_80 and sm_90 without a GPU: it must assemble, spill no
/// registers and use at most 48 KB of shared memory (the static limit of a block). ptxas comes from
/// Parity/reference/ptxas.sh (Debian's non-free nvidia-cuda-toolkit, CUDA 11.8, unpacked into .tools/cuda): the PTXAS
/// environment variable names it, else the unpacked one is used. Skipped with the reason where neither exists; failed
/// in CI.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class PtxasTests
{
    /// <summary>The PTX ISA the kernels are emitted in: 7.8, the newest that CUDA 11.8's ptxas accepts and the first
    /// with sm_90. (ILGPU would pick the newest it knows, 8.8, for a device; drivers since CUDA 11.8 accept 7.8.)</summary>
    internal static readonly CudaInstructionSet Isa = CudaInstructionSet.ISA_78;

    private const int MaxSharedBytes = 48 * 1024;

    /// <summary>The modes the host trains: skip-gram and CBOW, each with hierarchical softmax, negative sampling per
    /// pair (C's draws), negative sampling with shared negatives (alias draws, the host's default) and both.</summary>
    private static readonly (string Name, bool Cbow, bool Hs, int Negative, bool Shared, bool? Ring)[] s_modes =
    [
        ("sg-hs", false, true, 0, false, null),
        ("sg-ns-pair", false, false, 5, false, null),
        ("sg-ns-shared", false, false, 5, true, null),
        ("sg-hs-ns-shared", false, true, 5, true, null),
        ("cbow-hs", true, true, 0, false, null),
        ("cbow-ns-pair", true, false, 5, false, null),
        ("cbow-ns-shared", true, false, 5, true, null),
        ("cbow-hs-ns-pair", true, true, 5, false, null),
        // The window's input rows in shared memory (the ring), where it fits; by default the host uses it only where
        // the performance model says it pays, which these shapes are not.
        ("sg-hs-ring", false, true, 0, false, true),
        ("sg-ns-shared-ring", false, false, 5, true, true),
        ("cbow-ns-shared-ring", true, false, 5, true, true),
    ];

    internal static string? FindPtxas()
    {
        string? env = Environment.GetEnvironmentVariable("PTXAS");
        if (!string.IsNullOrEmpty(env)) return File.Exists(env) ? env : null;
        string unpacked = Path.Combine(RepoPaths.Root, ".tools", "cuda", "root", "usr", "bin", "ptxas");
        return File.Exists(unpacked) ? unpacked : null;
    }

    private static string RequirePtxas()
    {
        string? ptxas = FindPtxas();
        if (ptxas != null) return ptxas;
        string why = Environment.GetEnvironmentVariable("PTXAS") is { Length: > 0 } env
            ? $"PTXAS={env} does not exist"
            : "ptxas is absent: run Parity/reference/ptxas.sh (or set PTXAS to a ptxas of CUDA 11.8 or later)";
        if (RepoPaths.InCi) Assert.Fail(why);
        Assert.Ignore(why);
        return "";
    }

    [TestCase(80, 100)]
    [TestCase(80, 300)]
    [TestCase(90, 100)]
    [TestCase(90, 300)]
    public void TrainingKernels_Assemble_WithoutSpills(int sm, int size)
    {
        string ptxas = RequirePtxas();
        var architecture = sm == 80 ? CudaArchitecture.SM_80 : CudaArchitecture.SM_90;
        string arch = "sm_" + sm;
        var failures = new List<string>();
        var counts = new List<(string Label, int Instructions, int Reductions)>();
        using var tmp = new TempDir("w2v-ptx");
        string dir = tmp.Path;
        // The CPU accelerator with 32-lane warps lays sentences out as on a CUDA device (warp teams, 48 KB of shared
        // memory, at most 4 sentences per block).
        using var device = GpuTestEnvironment.Accelerator("cpu", 32);
        bool subsampleDone = false;
        foreach (var m in s_modes)
        {
            var o = new TrainingOptions { Size = size, Cbow = m.Cbow, HierarchicalSoftmax = m.Hs, Negative = m.Negative };
            var layout = GpuTrainer.Layout.For(o, device.Accelerator, new GpuTrainingSettings { SharedNegatives = m.Shared, ContextRing = m.Ring });
            Assert.That(layout.WarpTeams, Is.True);
            Assert.That(layout.Shape.SharedNegatives, Is.EqualTo(m.Shared), $"{m.Name} d={size}: the host's layout");
            Assert.That(layout.Shape.Ring, Is.EqualTo(m.Ring == true), $"{m.Name} d={size}: the ring");
            int sharedFloats = layout.Shape.SharedFloatsPerTeam * layout.TeamsPerGroup;
            var (train, subsample) = KernelCompiler.Ptx(layout.Shape, sharedFloats, architecture, Isa);
            string header = string.Join(" ", train.Split('\n').Where(l => l.StartsWith(".version", StringComparison.Ordinal) || l.StartsWith(".target", StringComparison.Ordinal)));
            // ILGPU 1.5.3 targets sm_80 whatever newer architecture it is given (the driver compiles that PTX for
            // the device's own); ptxas assembles it for the architecture asked.
            var target = TargetPattern().Match(header);
            Assert.That(header, Does.Contain(".version 7.8"), "the PTX header");
            Assert.That(target.Success && int.Parse(target.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= sm, Is.True, $"the PTX header: {header}");
            if (m.Name == "sg-hs") TestContext.Out.WriteLine($"{arch}: PTX header {header}");
            string entry = TrainKernel.EntryFor(sharedFloats);
            string label = $"{arch} d={size} {m.Name} ({layout.TeamsPerGroup} sentences/block, {entry})";
            bool assembled = Check(ptxas, arch, dir, label, train, failures);
            CheckWeightUpdates(label, train, failures);
            // Rows copied into shared memory (the slots, skip-gram's hidden layer, the ring) are read 4 floats per lane
            // at a time; without the view's 16-byte alignment mark ILGPU splits each element into four loads.
            int vectorLoads = VectorLoadPattern().Count(train);
            if ((m.Shared || m.Ring == true || !m.Cbow) && vectorLoads == 0)
                failures.Add($"{label}: no ld.global.v4.f32 (rows are loaded one float at a time)");
            if (assembled) CountSass(dir, $"{arch} d={size} {m.Name}", counts);
            if (!subsampleDone)
            {
                Check(ptxas, arch, dir, $"{arch} subsample", subsample, failures);
                subsampleDone = true;
            }
        }
        CompareWithBaseline(counts, failures);
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    /// <summary>The training kernel writes the shared matrices only by adding its change to them (an atomic add:
    /// <c>red.add.global.f32</c>, as ILGPU writes it, or <c>atom</c>): never a global float store, which would put back a value computed
    /// from an earlier read and lose what other sentences added in between.</summary>
    private static void CheckWeightUpdates(string label, string ptx, List<string> failures)
    {
        int stores = GlobalFloatStorePattern().Count(ptx);
        int adds = AtomicAddPattern().Count(ptx);
        TestContext.Out.WriteLine($"{label}: {adds} atomic float adds, {stores} global float stores in the PTX");
        if (stores != 0) failures.Add($"{label}: {stores} global float stores (the weights must only be added to)");
        if (adds == 0) failures.Add($"{label}: no atomic float add; stores and atomics: " +
            string.Join(' ', Regex.Matches(ptx, @"\b(st|atom|red)\.[a-z0-9.]+").Select(m => m.Value).Distinct()));
    }

    /// <summary>The static SASS instructions of the training kernel just assembled (cuobjdump -sass, beside ptxas), and
    /// the reductions among them (RED: atomic adds whose result is unused).</summary>
    private static void CountSass(string dir, string label, List<(string Label, int Instructions, int Reductions)> counts)
    {
        string cuobjdump = Path.Combine(Path.GetDirectoryName(FindPtxas()!)!, "cuobjdump");
        if (!File.Exists(cuobjdump)) return;
        var r = ProcessRunner.RunChecked(cuobjdump, ["-sass", Path.Combine(dir, "kernel.cubin")], timeoutSeconds: 120);
        var lines = r.StdoutText.Split('\n').Where(l => SassInstructionPattern().IsMatch(l)).ToList();
        int instructions = lines.Count(l => !l.Contains(" NOP", StringComparison.Ordinal));
        int reductions = lines.Count(l => ReductionPattern().IsMatch(l));
        counts.Add((label, instructions, reductions));
        TestContext.Out.WriteLine($"{label}: {instructions} SASS instructions, {reductions} RED");
    }

    /// <summary>Tests/Gpu/SassCounts.txt holds the static SASS instruction count of each kernel variant as last
    /// recorded: a variant that grows by more than 5% fails (a regression of the kernel's code), one that shrinks is
    /// reported; UPDATE_SASS_COUNTS=1 rewrites the file with the counts of this run.</summary>
    private static void CompareWithBaseline(List<(string Label, int Instructions, int Reductions)> counts, List<string> failures)
    {
        if (counts.Count == 0)
        {
            failures.Add("cuobjdump is missing beside ptxas: no SASS counted");
            return;
        }
        string file = Path.Combine(RepoPaths.Root, "Tests", "Gpu", "SassCounts.txt");
        var lines = File.Exists(file) ? File.ReadAllLines(file).ToList() : [];
        var recorded = lines.Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t')).ToDictionary(f => f[0], f => int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
        if (Environment.GetEnvironmentVariable("UPDATE_SASS_COUNTS") == "1")
        {
            foreach (var c in counts) recorded[c.Label] = c.Instructions;
            var header = lines.TakeWhile(l => l.StartsWith('#')).ToList();
            File.WriteAllLines(file, header.Concat(recorded.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}\t{kv.Value}")));
            return;
        }
        foreach (var (label, instructions, _) in counts)
        {
            if (!recorded.TryGetValue(label, out int before))
            {
                failures.Add($"{label}: no recorded SASS count in {file} (UPDATE_SASS_COUNTS=1 records it)");
                continue;
            }
            double ratio = (double)instructions / before;
            if (ratio > 1.05) failures.Add($"{label}: {instructions} SASS instructions, {ratio:P0} of the {before} recorded");
            else if (ratio < 0.95) TestContext.Out.WriteLine($"{label}: {instructions} SASS instructions, down from {before} (UPDATE_SASS_COUNTS=1 records it)");
        }
    }

    [GeneratedRegex(@"\bst(\.global)?(\.v[24])?\.f32\b")]
    private static partial Regex GlobalFloatStorePattern();

    [GeneratedRegex(@"\bld\.global\.v4\.f32\b")]
    private static partial Regex VectorLoadPattern();

    [GeneratedRegex(@"\b(atom|red)(\.global\.add|\.add\.global)\.f32\b")]
    private static partial Regex AtomicAddPattern();

    [GeneratedRegex(@"^\s+/\*[0-9a-f]{4}\*/\s+\S")]
    private static partial Regex SassInstructionPattern();

    /// <summary>A SASS reduction: RED on sm_80, REDG on sm_90.</summary>
    [GeneratedRegex(@"\bREDG?\.")]
    private static partial Regex ReductionPattern();

    /// <summary>Assembles <paramref name="ptx"/> with ptxas -v and checks its report; prints the registers. False when
    /// ptxas failed (no cubin to count).</summary>
    private static bool Check(string ptxas, string arch, string dir, string label, string ptx, List<string> failures)
    {
        string file = Path.Combine(dir, "kernel.ptx");
        File.WriteAllText(file, ptx);
        var r = ProcessRunner.Run(ptxas, ["-v", "-arch=" + arch, "-o", Path.Combine(dir, "kernel.cubin"), file], timeoutSeconds: 300);
        string report = r.Stderr + r.StdoutText;
        if (r.ExitCode != 0)
        {
            failures.Add($"{label}: ptxas failed ({r.ExitCode}): {string.Join(" | ", report.Split('\n', StringSplitOptions.RemoveEmptyEntries))}");
            return false;
        }
        var registers = RegistersPattern().Match(report);
        var smem = SharedPattern().Match(report);
        var spills = SpillPattern().Match(report);
        if (!registers.Success || !spills.Success)
        {
            failures.Add($"{label}: ptxas -v reported no registers or spills: {report}");
            return true;
        }
        int shared = smem.Success ? int.Parse(smem.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        int stores = int.Parse(spills.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int loads = int.Parse(spills.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        TestContext.Out.WriteLine($"{label}: {registers.Groups[1].Value} registers, {shared} bytes shared, {stores} bytes spill stores, {loads} bytes spill loads");
        if (stores != 0 || loads != 0) failures.Add($"{label}: spills ({stores} bytes stores, {loads} bytes loads)");
        if (shared > MaxSharedBytes) failures.Add($"{label}: {shared} bytes of shared memory, more than {MaxSharedBytes}");
        return true;
    }

    [GeneratedRegex(@"\.target sm_(\d+)")]
    private static partial Regex TargetPattern();

    [GeneratedRegex(@"Used (\d+) registers")]
    private static partial Regex RegistersPattern();

    [GeneratedRegex(@"(\d+) bytes smem")]
    private static partial Regex SharedPattern();

    [GeneratedRegex(@"(\d+) bytes spill stores, (\d+) bytes spill loads")]
    private static partial Regex SpillPattern();
}
