using NUnit.Framework;

namespace Word2VecNative.Tests.Memory;

/// <summary>The training matrices sit on 2 MB pages where the system allows it (transparent huge pages in "madvise"
/// or "always" mode): the step reads rows at random from matrices larger than the TLB covers in 4 KB pages. The advice
/// only applies to pages first touched after it, so an array the runtime zeroed before the advice stays on 4 KB pages.</summary>
public sealed unsafe class LargeArrayTests
{
    private const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";

    [TestCase(true)]
    [TestCase(false)]
    public void LargeArray_IsBackedByHugePages(bool zeroed)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Setting)) Assert.Ignore("transparent huge pages are a Linux feature");
        string mode = File.ReadAllText(Setting);
        if (mode.Contains("[never]")) Assert.Ignore($"transparent huge pages are off on this system ({mode.Trim()})");
        const int length = 16 << 20; // 64 MB
        float[] a = zeroed ? LargeArray.AllocateZeroed(length, pinned: true) : LargeArray.Allocate(length, pinned: true);
        if (!zeroed) Array.Fill(a, 1f);
        Assert.That(a[length / 2], Is.EqualTo(zeroed ? 0f : 1f));
        long huge;
        fixed (float* p = a) huge = HugePagesKb((ulong)(p + length / 2)); // the advised range starts at the first 2 MB boundary
        Assert.That(huge, Is.GreaterThanOrEqualTo(32 << 10), "at least half of the 64 MB array on 2 MB pages (the mapping of its middle)");
        GC.KeepAlive(a);
    }

    /// <summary>AnonHugePages of the mapping holding <paramref name="address"/>, from /proc/self/smaps.</summary>
    private static long HugePagesKb(ulong address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out ulong start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out ulong end))
            {
                inside = address >= start && address < end;
                continue;
            }
            if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(14).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
