using ILGPU;

namespace Word2VecNative.Gpu.Kernels;

/// <summary>
/// Down-samples each segment of the resident corpus for one epoch, on the device: segment s's words are
/// Corpus[SegmentStart[s]..+SegmentLength[s]]; those kept are written, in order, from Kept[SegmentStart[s]] on and
/// their number to KeptLength[s]. word2vec.c's rule with the engine's thresholds
/// (<see cref="Training.DeviceTables.KeepThresholds"/>): a word is kept when its threshold is at least
/// (r &amp; 0xFFFF) / 65536, where r is a counter-based draw for the word's position in the corpus and the epoch instead
/// of the next state of a thread's generator, so that every segment can be cut in parallel and the draw does not
/// depend on how the corpus is split.
/// </summary>
internal static class SubsampleKernel
{
    public static void Run(Index1D index, ArrayView<int> corpus, ArrayView<int> kept, ArrayView<int> segmentStart, ArrayView<int> segmentLength,
        ArrayView<int> keptLength, ArrayView<float> thresholds, SubsampleScalars s)
    {
        if (index >= s.Count) return;
        int segment = s.First + index;
        int begin = segmentStart[segment];
        int end = begin + segmentLength[segment];
        int n = 0;
        for (int p = begin; p < end; p++)
        {
            int word = corpus[p];
            if (s.Sample != 0)
            {
                ulong r = Mix(s.Seed + (ulong)(s.PositionBase + p));
                if (thresholds[word] < (r & 0xFFFF) / 65536f) continue;
            }
            kept[begin + n] = word;
            n++;
        }
        keptLength[segment] = n;
    }

    /// <summary>SplitMix64's finaliser: a well-mixed 64-bit value for each counter value.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>The scalars of one down-sampling launch.</summary>
internal struct SubsampleScalars
{
    public int First;
    public int Count;
    /// <summary>Nonzero when down-sampling is on.</summary>
    public int Sample;
    /// <summary>The corpus position of the resident chunk's first word.</summary>
    public long PositionBase;
    /// <summary>The epoch's draw seed.</summary>
    public ulong Seed;
}
