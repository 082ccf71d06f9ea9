using ILGPU;
using ILGPU.Runtime;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Kernels;

/// <summary>The device memory the training kernel reads and writes. Matrices have rows of <see cref="KernelShape.Stride"/> floats.</summary>
internal struct TrainViews
{
    public ArrayView<float> Syn0;
    public ArrayView<float> Syn1;
    public ArrayView<float> Syn1Neg;
    public ArrayView<float> SigmoidTable;
    public ArrayView<byte> Codes;
    public ArrayView<int> Points;
    public ArrayView<byte> CodeLengths;
    /// <summary>The engine's compact unigram table (C's draws): first slot of each word, and the bucket index.</summary>
    public ArrayView<int> TableStart;
    public ArrayView<int> TableBucket;
    /// <summary>The alias table of the same distribution (O(1) draws).</summary>
    public ArrayView<float> AliasProbability;
    public ArrayView<int> AliasWord;
    /// <summary>The kept words of the resident chunk; segment s's are Words[SegmentStart[s]..+KeptLength[s]].</summary>
    public ArrayView<int> Words;
    public ArrayView<int> SegmentStart;
    public ArrayView<int> KeptLength;
    /// <summary>The learning rate of each segment in this epoch (the engine's schedule).</summary>
    public ArrayView<float> Alphas;
}

/// <summary>The scalars of one launch: segments [First, First + Count) train; segment s's generator starts at SeedBase + s.</summary>
internal struct TrainScalars
{
    public int First;
    public int Count;
    public int VocabSize;
    public int AliasCount;
    public long SeedBase;
}

/// <summary>
/// word2vec's training step for a GPU, written once in C# and compiled by ILGPU for CUDA (PTX), OpenCL and its CPU
/// accelerator. A team of lanes (<see cref="ITeam"/>) trains one sentence, position by position, as a thread of
/// word2vec.c does; lane l owns dimensions l, l + lanes, ... of every row, so updates need no synchronisation inside
/// the team and only dot products are summed across it. Teams update the shared matrices without locks (Hogwild).
/// Each sentence has its own stream of C's generator for the window shrink and the negative draws.
///
/// Two variants (<see cref="KernelShape.SharedNegatives"/>): per pair, as C: each (context, target) pair of skip-gram
/// draws its own negatives and every row is read from and written to device memory; shared negatives (FULL-W2V,
/// BlazingText): the negatives are drawn once per centre word and the target's and negatives' rows are held in the
/// team's shared memory while the whole window trains against them, then only their change is added back. CBOW draws
/// once per centre word in both (as C does); hierarchical softmax trains its path rows in device memory, in C's order.
/// With the ring (<see cref="KernelShape.Ring"/>, skip-gram and CBOW), the window's input rows are held in the team's
/// shared memory as the centre moves along the sentence, each loaded once and its change added back once.
/// </summary>
internal static class TrainKernel
{
    // Shared memory sizes the kernel comes in: 4 to 48 KB per work-group in steps of 2 KB, everything the kernel keeps
    // in shared memory included (48 KB is the most a CUDA block may allocate statically). ILGPU lays dynamic shared
    // memory out as program-scope variables, which OpenCL C before 2.0 refuses, so each size is its own entry point
    // with a fixed allocation; the host picks the smallest that holds the group's teams (EntryFor). The steps are fine
    // so that a block allocates little more than it uses: an SM holds as many blocks as its shared memory allows.

    /// <summary>The entry points, smallest first, and the shared floats each allocates. ILGPU loads a kernel from its
    /// method, which <see cref="KernelCompiler.TrainMethod"/> finds by these names.</summary>
    private static readonly (int Floats, string Name)[] s_entries =
    [
        (1024, nameof(Train4KB)),
        (1536, nameof(Train6KB)),
        (2048, nameof(Train8KB)),
        (2560, nameof(Train10KB)),
        (3072, nameof(Train12KB)),
        (3584, nameof(Train14KB)),
        (4096, nameof(Train16KB)),
        (4608, nameof(Train18KB)),
        (5120, nameof(Train20KB)),
        (5632, nameof(Train22KB)),
        (6144, nameof(Train24KB)),
        (6656, nameof(Train26KB)),
        (7168, nameof(Train28KB)),
        (7680, nameof(Train30KB)),
        (8192, nameof(Train32KB)),
        (8704, nameof(Train34KB)),
        (9216, nameof(Train36KB)),
        (9728, nameof(Train38KB)),
        (10240, nameof(Train40KB)),
        (10752, nameof(Train42KB)),
        (11264, nameof(Train44KB)),
        (11776, nameof(Train46KB)),
        (12288, nameof(Train48KB)),
    ];

    public static void Train4KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(1024));

    public static void Train6KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(1536));

    public static void Train8KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(2048));

    public static void Train10KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(2560));

    public static void Train12KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(3072));

    public static void Train14KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(3584));

    public static void Train16KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(4096));

    public static void Train18KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(4608));

    public static void Train20KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(5120));

    public static void Train22KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(5632));

    public static void Train24KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(6144));

    public static void Train26KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(6656));

    public static void Train28KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(7168));

    public static void Train30KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(7680));

    public static void Train32KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(8192));

    public static void Train34KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(8704));

    public static void Train36KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(9216));

    public static void Train38KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(9728));

    public static void Train40KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(10240));

    public static void Train42KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(10752));

    public static void Train44KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(11264));

    public static void Train46KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(11776));

    public static void Train48KB<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k) where TTeam : struct, ITeam where TMode : struct, IMode =>
        Run<TTeam, TMode>(v, s, k, SharedMemory.Allocate<float>(12288));

    /// <summary>Most negative-sampling slot ints (each slot's word and the first slot holding that word) of all teams of
    /// a work-group, a limit on -negative; they live in the teams' slices of the shared floats.</summary>
    public const int MaxTargets = 256;

    /// <summary>The name of the entry point whose shared memory holds <paramref name="floats"/> floats.</summary>
    public static string EntryFor(int floats)
    {
        foreach (var (size, name) in s_entries)
            if (floats <= size) return name;
        throw new ArgumentOutOfRangeException(nameof(floats));
    }

    /// <summary>The shared floats the entry point for <paramref name="floats"/> floats allocates (<see cref="EntryFor"/>).</summary>
    public static int EntryFloats(int floats)
    {
        foreach (var (size, _) in s_entries)
            if (floats <= size) return size;
        throw new ArgumentOutOfRangeException(nameof(floats));
    }

    /// <summary>A centre word of the sentence that starts at <c>Words[Begin]</c>, at <see cref="Position"/>, and its
    /// context: positions <see cref="First"/> to <see cref="Last"/> without the centre, as C's a-loop visits them.</summary>
    private struct Centre
    {
        public int Begin;
        public int Position;
        public int First;
        public int Last;
        public int Word;
    }

    /// <summary>One team's sentence: each position in turn (<see cref="TrainCentre"/>), with the ring the window's rows
    /// entering and leaving shared memory as the centre moves.</summary>
    private static void Run<TTeam, TMode>(TrainViews v, TrainScalars s, KernelShape k, ArrayView<float> shared)
        where TTeam : struct, ITeam where TMode : struct, IMode
    {
        TTeam team = default;
        TMode mode = default;
        int local = Grid.IdxX * (Group.DimX / k.Lanes) + team.Index;
        // A team past the last sentence trains an empty one: no early return, so every lane reaches every barrier
        // (OpenCL CPU compilers such as PoCL's deadlock on a barrier behind a return or continue).
        bool active = local < s.Count;
        int segment = active ? s.First + local : s.First;
        // The team's slice of shared memory (see KernelShape's offsets).
        var mine = shared.SubView((long)team.Index * k.SharedFloatsPerTeam, k.SharedFloatsPerTeam);
        var targets = mine.SubView(k.SharedNegatives ? k.TargetsOffset : 0, k.TargetsLength).Cast<int>();
        var scratch = mine.SubView(KernelShape.ReductionOffset, k.Lanes);
        var h = mine.SubView(k.HiddenOffset, k.Stride); // CBOW's
        var e = mine.SubView(k.ErrorOffset, k.Stride);

        int begin = v.SegmentStart[segment];
        int length = active ? v.KeptLength[segment] : 0;
        float alpha = v.Alphas[segment];
        ulong rnd = (ulong)(s.SeedBase + segment);
        int window = default(TMode).Window > 0 ? default(TMode).Window : k.Window;
        var ring = new Ring { Rows = 2 * window + 1, Begin = begin, Length = length };
        if (mode.Ring)
        {
            // Position q enters the window (and q - rows leaves it) as centre q - window trains, and the last positions
            // leave after the last centre: one loop, so that the ring's code is compiled in once.
            ring.Ints = mine.SubView(k.RingWordsOffset, 2 * k.RingRows).Cast<int>();
            for (int q = 0; q < length + ring.Rows; q++)
            {
                Enter<TTeam, TMode>(team, v, k, mine, ring, q);
                int pos = q - window;
                if (pos >= 0 && pos < length) rnd = TrainCentre<TTeam, TMode>(team, v, s, k, mine, targets, scratch, h, e, ring, pos, window, alpha, rnd);
            }
        }
        else
        {
            for (int pos = 0; pos < length; pos++) rnd = TrainCentre<TTeam, TMode>(team, v, s, k, mine, targets, scratch, h, e, ring, pos, window, alpha, rnd);
        }
    }

    /// <summary>The centre word at <paramref name="pos"/>: its window shrunk by the sentence's generator as C shrinks it,
    /// trained by <see cref="TrainCbow"/> or <see cref="TrainSkipGram"/>. Returns the generator's new state.</summary>
    private static ulong TrainCentre<TTeam, TMode>(TTeam team, TrainViews v, TrainScalars s, KernelShape k, ArrayView<float> mine, ArrayView<int> targets,
        ArrayView<float> scratch, ArrayView<float> h, ArrayView<float> e, Ring ring, int pos, int window, float alpha, ulong rnd)
        where TTeam : struct, ITeam where TMode : struct, IMode
    {
        int length = ring.Length;
        var c = new Centre { Begin = ring.Begin, Position = pos, Word = v.Words[ring.Begin + pos] };
        rnd = NextRandom(rnd);
        int b = (int)(rnd % (ulong)window);
        c.First = pos - window + b;
        if (c.First < 0) c.First = 0;
        c.Last = pos + window - b;
        if (c.Last > length - 1) c.Last = length - 1;
        if (default(TMode).Cbow) return TrainCbow<TTeam, TMode>(team, v, s, k, mine, targets, scratch, h, e, ring, c, alpha, rnd);
        return TrainSkipGram<TTeam, TMode>(team, v, s, k, mine, targets, scratch, h, e, ring, c, alpha, rnd);
    }

    /// <summary>The ring of one team's sentence (<see cref="KernelShape.Ring"/>): <see cref="Ints"/> holds each slot's
    /// word, then each slot's owner, the slot whose rows hold that word's values (the first of the positions in the
    /// window with that word, so a word twice in a window is one row, as in C's syn0).</summary>
    private struct Ring
    {
        public ArrayView<int> Ints;
        public int Rows;
        public int Begin;
        public int Length;
    }

    /// <summary>The ring slot holding position <paramref name="p"/>'s values.</summary>
    private static int Owner(Ring ring, int p) => ring.Ints[ring.Rows + p % ring.Rows];

    /// <summary>Position <paramref name="q"/> enters the window: position q - rows leaves its slot (<see cref="Leave"/>),
    /// and q's row is loaded into it, unless the same word is already in the window (then q's slot points at that one).
    /// Past the sentence's end only the leaving is done.</summary>
    private static void Enter<TTeam, TMode>(TTeam team, TrainViews v, KernelShape k, ArrayView<float> mine, Ring ring, int q)
        where TTeam : struct, ITeam where TMode : struct, IMode
    {
        // Lanes are not in lockstep: wait until every lane has trained the previous centre word (which read the owners)
        // before they change. Between here and the next Sync every lane writes the same owners and words, and reads
        // only the slots it writes or the slots no lane writes; rows are each lane's own dimensions.
        team.Sync();
        int rows = ring.Rows;
        int r = q % rows;
        if (q >= rows) Leave<TTeam, TMode>(team, v, k, mine, ring, q - rows, q - 1 < ring.Length - 1 ? q - 1 : ring.Length - 1);
        // Every lane has moved or added back its dimensions of the leaving rows before the entering row, copied across
        // lanes, overwrites them.
        team.Sync();
        if (q < ring.Length)
        {
            int word = v.Words[ring.Begin + q];
            int owner = r;
            for (int p = q - rows + 1 > 0 ? q - rows + 1 : 0; p < q; p++)
                if (owner == r && ring.Ints[p % rows] == word) owner = ring.Ints[rows + p % rows];
            ring.Ints[r] = word;
            ring.Ints[rows + r] = owner;
            if (owner == r) CopyRow(team, v.Syn0, (long)word * k.Stride, mine, k.RingOffset + r * k.Stride, k.RingOriginalOffset + r * k.Stride, k);
        }
        team.Sync();
    }

    /// <summary>Position <paramref name="o"/>, the oldest in the ring and so the owner of its word's rows, leaves it: the
    /// rows move to the next position with the same word (up to <paramref name="last"/>), or their change is added back
    /// to syn0 when there is none.</summary>
    private static void Leave<TTeam, TMode>(TTeam team, TrainViews v, KernelShape k, ArrayView<float> mine, Ring ring, int o, int last)
        where TTeam : struct, ITeam where TMode : struct, IMode
    {
        int rows = ring.Rows;
        int r = o % rows;
        // The word from device memory: slot r's word is overwritten by the entering position (in another lane, maybe already).
        int word = v.Words[ring.Begin + o];
        int heir = -1;
        for (int p = o + 1; p <= last; p++)
        {
            int slot = p % rows;
            if (ring.Ints[slot] == word)
            {
                if (heir < 0) heir = slot;
                ring.Ints[rows + slot] = heir;
            }
        }
        int lane = team.Lane;
        int from = r * k.Stride;
        if (heir >= 0)
        {
            int to = heir * k.Stride;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size)
                {
                    mine[k.RingOffset + to + i] = mine[k.RingOffset + from + i];
                    mine[k.RingOriginalOffset + to + i] = mine[k.RingOriginalOffset + from + i];
                }
            }
        }
        else
        {
            long row = (long)word * k.Stride;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size) team.AddTo(ref v.Syn0[row + i], mine[k.RingOffset + from + i] - mine[k.RingOriginalOffset + from + i]);
            }
        }
    }

    /// <summary>CBOW at one centre word: the hidden layer is the mean of the context rows; it trains against the centre
    /// word (negatives drawn once, as C draws them) and its error is added to every context row. Returns the
    /// generator's new state.</summary>
    private static ulong TrainCbow<TTeam, TMode>(TTeam team, TrainViews v, TrainScalars s, KernelShape k, ArrayView<float> mine, ArrayView<int> targets,
        ArrayView<float> scratch, ArrayView<float> h, ArrayView<float> e, Ring ring, Centre c, float alpha, ulong rnd) where TTeam : struct, ITeam where TMode : struct, IMode
    {
        TMode mode = default;
        int lane = team.Lane;
        for (int j = 0; j < Dims<TMode>(k); j++)
        {
            int i = lane + j * k.Lanes;
            if (i < k.Size)
            {
                float sum = 0;
                for (int p = c.First; p <= c.Last; p++)
                    if (p != c.Position) sum += mode.Ring ? mine[k.RingOffset + Owner(ring, p) * k.Stride + i] : v.Syn0[(long)v.Words[c.Begin + p] * k.Stride + i];
                h[i] = sum;
                e[i] = 0;
            }
        }
        int contexts = c.Last - c.First;
        if (contexts > 0)
        {
            float count = contexts;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size) h[i] /= count;
            }
            if (mode.HierarchicalSoftmax) Softmax<TTeam, TMode>(team, v, k, scratch, h, e, c.Word, alpha);
            if (mode.Negative)
            {
                if (mode.SharedNegatives)
                {
                    rnd = LoadSlots<TTeam, TMode>(team, v, s, k, mine, targets, c.Word, rnd, lane);
                    TrainSlots<TTeam, TMode>(team, v, k, mine, targets, scratch, h, e, c.Word, alpha);
                    StoreSlots<TTeam, TMode>(team, v, k, mine, targets, c.Word);
                }
                else
                {
                    rnd = NegativeSampling<TTeam, TMode>(team, v, s, k, scratch, h, e, c.Word, alpha, rnd);
                }
            }
            for (int p = c.First; p <= c.Last; p++)
            {
                if (p == c.Position) continue;
                if (mode.Ring)
                {
                    int slot = k.RingOffset + Owner(ring, p) * k.Stride;
                    for (int j = 0; j < Dims<TMode>(k); j++)
                    {
                        int i = lane + j * k.Lanes;
                        if (i < k.Size) mine[slot + i] += e[i];
                    }
                }
                else
                {
                    long row = (long)v.Words[c.Begin + p] * k.Stride;
                    for (int j = 0; j < Dims<TMode>(k); j++)
                    {
                        int i = lane + j * k.Lanes;
                        if (i < k.Size) team.AddTo(ref v.Syn0[row + i], e[i]);
                    }
                }
            }
        }
        return rnd;
    }

    /// <summary>Skip-gram at one centre word: each context row in turn is the hidden layer, trains against the centre
    /// word and gets its error (with shared negatives, drawn once for the whole window and held in the team's slots).
    /// The hidden layer is the context's ring row itself with the ring, else a copy of its row in device memory.
    /// Returns the generator's new state.</summary>
    private static ulong TrainSkipGram<TTeam, TMode>(TTeam team, TrainViews v, TrainScalars s, KernelShape k, ArrayView<float> mine, ArrayView<int> targets,
        ArrayView<float> scratch, ArrayView<float> hidden, ArrayView<float> e, Ring ring, Centre c, float alpha, ulong rnd) where TTeam : struct, ITeam where TMode : struct, IMode
    {
        TMode mode = default;
        int lane = team.Lane;
        bool slots = mode.Negative && mode.SharedNegatives;
        if (slots && c.Last > c.First) rnd = LoadSlots<TTeam, TMode>(team, v, s, k, mine, targets, c.Word, rnd, lane);
        // The context words in C's order, the centre stepped over without a branch around the barriers.
        for (int a = 0; a < c.Last - c.First; a++)
        {
            int p = c.First + a;
            if (p >= c.Position) p++;
            var h = mode.Ring ? mine.SubView(k.RingOffset + Owner(ring, p) * k.Stride, k.Stride) : hidden;
            long row = mode.Ring ? 0 : (long)v.Words[c.Begin + p] * k.Stride;
            if (!mode.Ring)
            {
                // Every lane has trained the previous context (reading its own dimensions of h) before h changes.
                team.Sync();
                CopyRow(team, v.Syn0, row, mine, k.HiddenOffset, -1, k);
                team.Sync();
            }
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size) e[i] = 0;
            }
            if (mode.HierarchicalSoftmax) Softmax<TTeam, TMode>(team, v, k, scratch, h, e, c.Word, alpha);
            if (mode.Negative)
            {
                if (slots) TrainSlots<TTeam, TMode>(team, v, k, mine, targets, scratch, h, e, c.Word, alpha);
                else rnd = NegativeSampling<TTeam, TMode>(team, v, s, k, scratch, h, e, c.Word, alpha, rnd);
            }
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size)
                {
                    if (mode.Ring) h[i] += e[i];
                    else team.AddTo(ref v.Syn0[row + i], e[i]);
                }
            }
        }
        if (slots && c.Last > c.First) StoreSlots<TTeam, TMode>(team, v, k, mine, targets, c.Word);
        return rnd;
    }

    /// <summary>The index of the sigmoid table at f = MaxExp (within the table: <see cref="DeviceTables.SigmoidTableSize"/>
    /// is larger than 2 * MaxExp * 83).</summary>
    private const int LastSigmoidIndex = 2 * DeviceTables.MaxExp * DeviceTables.SigmoidIndexScale;

    /// <summary>Dimensions each lane owns: the mode's, known when the kernel is compiled (a constant trip count), or
    /// the shape's.</summary>
    private static int Dims<TMode>(KernelShape k) where TMode : struct, IMode =>
        default(TMode).DimsPerLane > 0 ? default(TMode).DimsPerLane : k.DimsPerLane;

    /// <summary>C's generator, one step (<see cref="DeviceTables.RandomMultiplier"/>).</summary>
    private static ulong NextRandom(ulong r) => r * DeviceTables.RandomMultiplier + DeviceTables.RandomIncrement;

    /// <summary>The sigmoid table's index of f, as the engine computes it, kept inside the table for any f (0 for NaN).</summary>
    private static int SigmoidIndex(float f)
    {
        if ((Interop.FloatAsInt(f) & 0x7FFFFFFFu) > 0x7F800000u) return 0; // NaN
        int i = (int)((f + DeviceTables.MaxExp) * DeviceTables.SigmoidIndexScale);
        return i < 0 ? 0 : (i > LastSigmoidIndex ? LastSigmoidIndex : i);
    }

    /// <summary>The gradient of negative sampling for a dot product f and its label, as C computes it.</summary>
    private static float Gradient(ArrayView<float> sigmoid, float f, int label, float alpha)
    {
        if (f > DeviceTables.MaxExp) return (label - 1) * alpha;
        if (f < -DeviceTables.MaxExp) return label * alpha;
        return (label - sigmoid[SigmoidIndex(f)]) * alpha;
    }

    /// <summary>The negative C draws for the generator's state r, from the engine's compact table or the alias table.</summary>
    private static int Draw<TMode>(TrainViews v, TrainScalars s, ulong r) where TMode : struct, IMode
    {
        int target;
        if (default(TMode).AliasDraws)
        {
            int column = AliasTable.Column(r, s.AliasCount);
            target = AliasTable.Fraction(r) < v.AliasProbability[column] ? column : v.AliasWord[column];
        }
        else
        {
            int slot = (int)((r >> 16) % DeviceTables.UnigramTableSize);
            int bucket = slot >> DeviceTables.UnigramBucketBits;
            int lo = v.TableBucket[bucket], hi = v.TableBucket[bucket + 1];
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (v.TableStart[mid] <= slot) lo = mid; else hi = mid - 1;
            }
            target = lo;
        }
        if (target == 0) target = (int)(r % (ulong)(s.VocabSize - 1)) + 1;
        return target;
    }

    /// <summary>Hierarchical softmax of one hidden layer against <paramref name="word"/>'s Huffman path, node by node in C's order.</summary>
    private static void Softmax<TTeam, TMode>(TTeam team, TrainViews v, KernelShape k, ArrayView<float> scratch, ArrayView<float> h, ArrayView<float> e,
        int word, float alpha) where TTeam : struct, ITeam where TMode : struct, IMode
    {
        int lane = team.Lane;
        int codeLength = v.CodeLengths[word];
        for (int d = 0; d < codeLength; d++)
        {
            long row = (long)v.Points[(long)word * DeviceTables.MaxCodeLength + d] * k.Stride;
            float partial = 0;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size) partial += h[i] * v.Syn1[row + i];
            }
            float f = team.Sum(partial, scratch, k.Lanes);
            if (f > -DeviceTables.MaxExp && f < DeviceTables.MaxExp)
            {
                float g = (1 - v.Codes[(long)word * DeviceTables.MaxCodeLength + d] - v.SigmoidTable[SigmoidIndex(f)]) * alpha;
                for (int j = 0; j < Dims<TMode>(k); j++)
                {
                    int i = lane + j * k.Lanes;
                    if (i < k.Size)
                    {
                        e[i] += g * v.Syn1[row + i];
                        team.AddTo(ref v.Syn1[row + i], g * h[i]);
                    }
                }
            }
        }
    }

    /// <summary>Negative sampling per pair, as C: the target, then <see cref="KernelShape.Negative"/> fresh draws, each
    /// row read and written in device memory. Returns the generator's new state.</summary>
    private static ulong NegativeSampling<TTeam, TMode>(TTeam team, TrainViews v, TrainScalars s, KernelShape k, ArrayView<float> scratch,
        ArrayView<float> h, ArrayView<float> e, int word, float alpha, ulong rnd) where TTeam : struct, ITeam where TMode : struct, IMode
    {
        int lane = team.Lane;
        for (int d = 0; d < k.Slots; d++)
        {
            int target = word, label = 1;
            if (d > 0)
            {
                rnd = NextRandom(rnd);
                target = Draw<TMode>(v, s, rnd);
                label = 0;
            }
            // C skips a negative equal to the target; predicated here rather than skipped, to keep the barrier uniform.
            bool skip = d > 0 && target == word;
            long row = (long)target * k.Stride;
            float partial = 0;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size && !skip) partial += h[i] * v.Syn1Neg[row + i];
            }
            float g = Gradient(v.SigmoidTable, team.Sum(partial, scratch, k.Lanes), label, alpha);
            if (skip) g = 0;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size && !skip)
                {
                    e[i] += g * v.Syn1Neg[row + i];
                    team.AddTo(ref v.Syn1Neg[row + i], g * h[i]);
                }
            }
        }
        return rnd;
    }

    /// <summary>Copies row <paramref name="row"/> (its first float's index) of <paramref name="matrix"/> into the team's
    /// shared memory at <paramref name="to"/> (and at <paramref name="alsoTo"/> when it is not negative), the whole team
    /// 4 floats per lane at a time: one 16-byte load each, instead of one load per dimension waited for in turn. The
    /// row's dimensions cross lanes, so the team must Sync before its lanes read their own.</summary>
    private static void CopyRow<TTeam>(TTeam team, ArrayView<float> matrix, long row, ArrayView<float> mine, int to, int alsoTo, KernelShape k)
        where TTeam : struct, ITeam
    {
        // Rows are padded to 32 floats and matrices start on the allocation's alignment: every row is 16-byte aligned,
        // which ILGPU cannot prove by itself (it would split each element into four loads).
        var quads = matrix.SubView(row, k.Stride).AsAligned(16).Cast<Float4>();
        for (int q = team.Lane; q < k.Stride / 4; q += k.Lanes)
        {
            var x = quads[q];
            int i = to + 4 * q;
            mine[i] = x.X;
            mine[i + 1] = x.Y;
            mine[i + 2] = x.Z;
            mine[i + 3] = x.W;
            if (alsoTo >= 0)
            {
                int a = alsoTo + 4 * q;
                mine[a] = x.X;
                mine[a + 1] = x.Y;
                mine[a + 2] = x.Z;
                mine[a + 3] = x.W;
            }
        }
    }

    /// <summary>Draws the centre word's negatives and copies the target's and their rows into the team's slots.</summary>
    private static ulong LoadSlots<TTeam, TMode>(TTeam team, TrainViews v, TrainScalars s, KernelShape k, ArrayView<float> mine, ArrayView<int> targets, int word,
        ulong rnd, int lane) where TTeam : struct, ITeam where TMode : struct, IMode
    {
        // Lanes are not in lockstep (threads on the CPU accelerator, independent scheduling since Volta): wait until
        // every lane has stored the previous centre word's slots before the words in them change.
        team.Sync();
        for (int d = 0; d < k.Slots; d++)
        {
            int target = word;
            if (d > 0)
            {
                rnd = NextRandom(rnd);
                target = Draw<TMode>(v, s, rnd);
            }
            // A word drawn twice uses its first slot, so its second dot product sees the first update, as in C.
            int first = d;
            for (int p = 1; p < d; p++)
                if (first == d && targets[p] == target) first = p;
            // Every lane draws the same words and writes the same values: no barrier needed before it reads them back.
            targets[d] = target;
            targets[k.Slots + d] = first;
            if (first != d) continue;
            int slot = d * k.Stride;
            CopyRow(team, v.Syn1Neg, (long)target * k.Stride, mine, k.CurrentOffset + slot, k.OriginalOffset + slot, k);
        }
        team.Sync();
        return rnd;
    }

    /// <summary>Trains one hidden layer against the slots (the target with label 1, the negatives with label 0; a
    /// negative equal to the target is skipped, as C skips it).</summary>
    private static void TrainSlots<TTeam, TMode>(TTeam team, TrainViews v, KernelShape k, ArrayView<float> mine, ArrayView<int> targets, ArrayView<float> scratch,
        ArrayView<float> h, ArrayView<float> e, int word, float alpha) where TTeam : struct, ITeam where TMode : struct, IMode
    {
        int lane = team.Lane;
        for (int d = 0; d < k.Slots; d++)
        {
            bool skip = d > 0 && targets[d] == word;
            int slot = k.CurrentOffset + targets[k.Slots + d] * k.Stride;
            float partial = 0;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size && !skip) partial += h[i] * mine[slot + i];
            }
            float g = Gradient(v.SigmoidTable, team.Sum(partial, scratch, k.Lanes), d == 0 ? 1 : 0, alpha);
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size && !skip)
                {
                    float l2 = mine[slot + i];
                    e[i] += g * l2;
                    mine[slot + i] = l2 + g * h[i];
                }
            }
        }
    }

    /// <summary>Adds each slot's change back into its row (a negative drawn twice adds both changes).</summary>
    private static void StoreSlots<TTeam, TMode>(TTeam team, TrainViews v, KernelShape k, ArrayView<float> mine, ArrayView<int> targets, int word)
        where TTeam : struct, ITeam where TMode : struct, IMode
    {
        int lane = team.Lane;
        for (int d = 0; d < k.Slots; d++)
        {
            int target = targets[d];
            if ((d > 0 && target == word) || targets[k.Slots + d] != d) continue;
            long row = (long)target * k.Stride;
            int slot = d * k.Stride;
            for (int j = 0; j < Dims<TMode>(k); j++)
            {
                int i = lane + j * k.Lanes;
                if (i < k.Size) team.AddTo(ref v.Syn1Neg[row + i], mine[k.CurrentOffset + slot + i] - mine[k.OriginalOffset + slot + i]);
            }
        }
    }
}
