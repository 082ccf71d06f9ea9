namespace Word2VecNative.Gpu.Kernels;

/// <summary>
/// The constants of one training run, passed to the training kernel by value. (Not as an ILGPU SpecializedValue:
/// ILGPU compiles those at the first launch, past the reach of the PTX that CI assembles with ptxas; the kernel is
/// memory-bound, and its loop bounds being uniform registers costs little.)
/// </summary>
internal readonly record struct KernelShape(int Size, int Stride, int Window, int Negative, int Lanes, int Flags)
{
    private const int HsFlag = 1, CbowFlag = 2, SharedFlag = 4, AliasFlag = 8, RingFlag = 16;

    /// <summary>A shape from its options (kernel parameters must be blittable, so the switches travel as flag bits).</summary>
    public static KernelShape Create(int size, int stride, int window, int negative, int lanes, bool hierarchicalSoftmax, bool cbow, bool sharedNegatives, bool aliasDraws,
        bool ring = false) =>
        new(size, stride, window, negative, lanes,
            (hierarchicalSoftmax ? HsFlag : 0) | (cbow ? CbowFlag : 0) | (sharedNegatives ? SharedFlag : 0) | (aliasDraws ? AliasFlag : 0) | (ring ? RingFlag : 0));

    public bool HierarchicalSoftmax => (Flags & HsFlag) != 0;

    public bool Cbow => (Flags & CbowFlag) != 0;

    /// <summary>Negatives drawn once per centre word, the target's and negatives' rows held in shared memory.</summary>
    public bool SharedNegatives => (Flags & SharedFlag) != 0;

    /// <summary>Negatives drawn from the alias table (O(1)) instead of the engine's compact table (C's exact draws).</summary>
    public bool AliasDraws => (Flags & AliasFlag) != 0;

    /// <summary>The input rows (syn0) of the window held in shared memory while the team walks the sentence
    /// (<see cref="RingRows"/> of them): each is loaded once when it enters the window and its change added back when it
    /// leaves, instead of every (centre, context) pair reading and adding to device memory.</summary>
    public bool Ring => (Flags & RingFlag) != 0;

    /// <summary>Rows of the ring: every position of the widest window, the centre's included (it is a context of the
    /// next centre words).</summary>
    public int RingRows => Ring ? 2 * Window + 1 : 0;

    /// <summary>Row slots of negative sampling: the target word and its negatives.</summary>
    public int Slots => Negative + 1;

    /// <summary>Dimensions each lane owns: dimension i belongs to lane i % Lanes.</summary>
    public int DimsPerLane => (Size + Lanes - 1) / Lanes;

    // A team's slice of shared memory, in floats: the reduction scratch, the hidden layer h and its error e (each lane
    // reads and writes only its own dimensions of those), with shared negatives the slots' rows as trained (current)
    // and as loaded (original, so that only the change is added back), then the slots' words and first slots as ints;
    // with the ring, its rows likewise (current and original, from a multiple of 4 floats) and its words and owners as
    // ints. All of it counts against the 48 KB a CUDA block may allocate statically.
    public const int ReductionOffset = 0;

    /// <summary>h, and the rows after it, start on a multiple of 4 floats (rows are copied 4 floats at a time).</summary>
    public int HiddenOffset => (Lanes + 3) / 4 * 4;

    public int ErrorOffset => HiddenOffset + Stride;

    public int CurrentOffset => ErrorOffset + Stride;

    public int OriginalOffset => CurrentOffset + (SharedNegatives ? Slots * Stride : 0);

    public int TargetsOffset => OriginalOffset + (SharedNegatives ? Slots * Stride : 0);

    /// <summary>Ints of the slots' words and first slots (shared negatives only).</summary>
    public int TargetsLength => SharedNegatives ? 2 * Slots : 0;

    /// <summary>The ring's rows as trained.</summary>
    public int RingOffset => (TargetsOffset + TargetsLength + 3) / 4 * 4;

    /// <summary>The ring's rows as loaded.</summary>
    public int RingOriginalOffset => RingOffset + RingRows * Stride;

    /// <summary>Ints of the ring: the word of each slot's position, then the slot that holds its word's values (the
    /// first of the positions in the window with that word).</summary>
    public int RingWordsOffset => RingOriginalOffset + RingRows * Stride;

    /// <summary>A team's floats, a multiple of 4 so that every team's rows start on a multiple of 4 floats.</summary>
    public int SharedFloatsPerTeam => ((Ring ? RingWordsOffset + 2 * RingRows : TargetsOffset + TargetsLength) + 3) / 4 * 4;

    /// <summary>The row length in device memory: <paramref name="size"/> rounded up to 32 floats (128 bytes), so that
    /// every row starts on a cache line and a warp reads it in whole sectors.</summary>
    public static int PaddedStride(int size) => (size + 31) / 32 * 32;
}
