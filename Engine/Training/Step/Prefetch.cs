using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Word2VecNative.Training;

/// <summary>Software prefetch of matrix rows the training step is about to read: rows are picked at random from
/// matrices larger than the caches, so the step otherwise waits on memory for each one in turn. A hint only: no
/// effect on results, and nothing on hardware without the instruction.</summary>
internal static unsafe class Prefetch
{
    /// <summary>Every cache line of the <paramref name="size"/> floats at <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Row(float* row, int size)
    {
        if (!Sse.IsSupported) return;
        byte* p = (byte*)row;
        byte* last = p + (long)size * sizeof(float) - 1;
        for (; p <= last; p += 64) Sse.Prefetch0(p);
        Sse.Prefetch0(last);
    }
}
