using System.Runtime.CompilerServices;

namespace Word2VecNative.Training;

/// <summary>word2vec.c's linear congruential generator: <c>next = next * 25214903917 + 11</c> (mod 2^64).</summary>
internal struct CRandom(ulong seed)
{
    /// <summary>C's multiplier, 25214903917.</summary>
    public const ulong Multiplier = 25214903917UL;

    /// <summary>C's increment, 11.</summary>
    public const ulong Increment = 11UL;

    /// <summary>The generator's state (C's <c>next_random</c>): the value <see cref="Next"/> returned last, or the seed.</summary>
    public ulong State { readonly get; private set; } = seed;

    /// <summary>Advances the state once and returns the new state, as C's
    /// <c>next_random = next_random * (unsigned long long)25214903917 + 11</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next() => State = unchecked(State * Multiplier + Increment);
}
