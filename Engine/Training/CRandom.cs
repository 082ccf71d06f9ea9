using System.Runtime.CompilerServices;

namespace Word2VecNative.Training;

/// <summary>word2vec.c's linear congruential generator: <c>next = next * 25214903917 + 11</c> (mod 2^64).</summary>
public struct CRandom(ulong seed)
{
    public ulong State = seed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next() => State = unchecked(State * 25214903917UL + 11UL);
}
