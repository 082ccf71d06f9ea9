namespace Word2VecNative.Models;

/// <summary>
/// The model file format, version 1: everything needed to continue training, little-endian, followed by a SHA-256
/// of every byte before it. Offsets in bytes; V words, D = size, T saved threads, B bytes of words.
/// <code>
///   0  8  magic 89 57 32 56 4D 0D 0A 1A ("\x89W2VM\r\n\x1a")
///   8  4  u32 format version (1)
///  12  8  u64 file length, the checksum included
///  20  4  i32 size (D)            24 4 i32 window        28 4 f32 sample        32 4 i32 negative
///  36  4  i32 threads             40 4 i32 iter (epochs of the plan)             44 4 i32 min-count
///  48  4  f32 alpha (NaN: the default of the architecture)                       52 4 f32 min-alpha (NaN: C's rule)
///  56  4  f32 init-range          60 8 u64 seed          68 8 i64 vocabulary hash size
///  76  1  u8 flags: 1 hs, 2 cbow, 4 exact arithmetic, 8 compute-loss; 77 3 reserved (0)
///  80  4  i32 epochs of the plan done                    84 4 i32 T
///  88  8  i64 words per epoch     96 8 i64 words processed in the plan          104 8 i64 epochs trained in all
/// 112  T x (u64 generator state, f32 learning rate)
///      4  i32 V      8 i64 B      8 i64 train words (the sum of the counts)
///      V x i64 counts, V x i32 word lengths, B bytes of words (raw, back to back, in vocabulary order)
///      V x D f32 syn0; V x D f32 syn1 when hs; V x D f32 syn1neg when negative &gt; 0
///     32  SHA-256 of every byte above
/// </code>
/// The settings stored are those <see cref="Training.OptionTraits"/> marks <see cref="Training.OptionTrait.StoredInModelFile"/>.
/// Every length is checked against the file length before anything is allocated; the file length is checked against
/// the file itself where its size is known (a stream of unknown length grows its arrays as data arrives instead).
/// </summary>
internal static class ModelFile
{
    public const uint Version = 1;

    /// <summary>Bytes before the thread states.</summary>
    public const int FixedHeaderBytes = 112;

    /// <summary>Bytes of one saved thread state.</summary>
    public const int ThreadBytes = 12;

    /// <summary>Bytes of the vocabulary's header (V, B, train words).</summary>
    public const int VocabularyHeaderBytes = 20;

    /// <summary>Bytes of the SHA-256 at the end.</summary>
    public const int ChecksumBytes = 32;

    public const byte FlagHierarchicalSoftmax = 1, FlagCbow = 2, FlagExact = 4, FlagComputeLoss = 8, FlagBatched = 16, KnownFlags = 31;

    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'W', (byte)'2', (byte)'V', (byte)'M', 0x0D, 0x0A, 0x1A];

    /// <summary>The file length of a model with these dimensions, or -1 when it would pass <see cref="long.MaxValue"/>.</summary>
    public static long Length(int threads, long words, long wordBytes, int size, int matrices)
    {
        try
        {
            return checked(FixedHeaderBytes + (long)threads * ThreadBytes + VocabularyHeaderBytes + words * 12 + wordBytes
                + words * size * sizeof(float) * matrices + ChecksumBytes);
        }
        catch (OverflowException)
        {
            return -1;
        }
    }
}
