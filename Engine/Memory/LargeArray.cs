using System.Runtime.InteropServices;

namespace Word2VecNative;

/// <summary>
/// Allocation of the big float arrays (the training matrices, loaded vectors, their unit-length copy). On Linux a
/// large array is allocated pinned and advised for transparent huge pages, as numpy does for its large arrays: first touching a gigabyte in 4 KB pages costs hundreds of
/// thousands of page faults, and a fraction of that in 2 MB pages. The advice is a hint; where it fails,
/// nothing changes.
/// </summary>
internal static partial class LargeArray
{
    private const long HugeThresholdBytes = 8L << 20;
    private const int MadvHugePage = 14;
    private const nuint HugePage = 2 << 20;
    private static bool s_adviseFailed;

    /// <summary>An uninitialised array (every element must be written), pinned when large or when
    /// <paramref name="pinned"/> asks for it (arrays the trainer reaches through pointers).</summary>
    public static float[] Allocate(int length, bool pinned = false) => Allocate(length, pinned, zeroed: false);

    /// <summary>A zeroed array, pinned when large or when <paramref name="pinned"/> asks for it.</summary>
    public static float[] AllocateZeroed(int length, bool pinned = false) => Allocate(length, pinned, zeroed: true);

    private static float[] Allocate(int length, bool pinned, bool zeroed)
    {
        bool large = (long)length * sizeof(float) >= HugeThresholdBytes && OperatingSystem.IsLinux() && !s_adviseFailed;
        if (!large && !pinned) return zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length);
        if (!large) return zeroed ? GC.AllocateArray<float>(length, pinned: true) : GC.AllocateUninitializedArray<float>(length, pinned: true);
        // Advised before its first touch where the memory is fresh (the advice applies to faults that come after it),
        // so the array is taken uninitialised, advised, then cleared where asked.
        var a = GC.AllocateUninitializedArray<float>(length, pinned: true);
        Advise(a);
        if (zeroed) Array.Clear(a);
        return a;
    }

    private static unsafe void Advise(float[] a)
    {
        try
        {
            fixed (float* p = a)
            {
                nuint start = ((nuint)p + HugePage - 1) & ~(HugePage - 1);
                nuint end = ((nuint)p + (nuint)a.Length * sizeof(float)) & ~(HugePage - 1);
                if (end > start) _ = Madvise((void*)start, end - start, MadvHugePage);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_adviseFailed = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static unsafe partial int Madvise(void* address, nuint length, int advice);
}
