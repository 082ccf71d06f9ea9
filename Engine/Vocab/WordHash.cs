using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Word2VecNative.Vocab;

/// <summary>The hash used by our vocabulary table. The C tool's own hash (x*257 + signed char) only decides where
/// words sit in its table, never the vocabulary order, so a faster one serves the same outputs.</summary>
internal static class WordHash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compute(ReadOnlySpan<byte> w)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)w.Length;
        while (w.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(w)) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 32;
            w = w[8..];
        }
        if (w.Length >= 4)
        {
            h = (h ^ BinaryPrimitives.ReadUInt32LittleEndian(w)) * 0xC4CEB9FE1A85EC53UL;
            w = w[4..];
        }
        for (int i = 0; i < w.Length; i++) h = (h ^ w[i]) * 0x100000001B3UL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 32;
        return (uint)h;
    }
}
