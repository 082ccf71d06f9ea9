using ILGPU;

namespace Word2VecNative.Gpu.Kernels;

/// <summary>
/// The lanes that train one sentence together, and how they sum a dot product. The training kernel is generic over
/// this (a struct, so ILGPU compiles each team into the kernel with no call): a warp on CUDA and the CPU accelerator,
/// summing with shuffles and no barrier; a whole work-group on OpenCL devices without sub-groups, summing with a
/// tree in local memory.
/// </summary>
internal interface ITeam
{
    /// <summary>This lane's position in its team.</summary>
    int Lane { get; }

    /// <summary>The team's position in its group (several sentences share a group when teams are warps).</summary>
    int Index { get; }

    /// <summary>Makes the team's shared-memory writes visible to the whole team.</summary>
    void Sync();

    /// <summary>The sum of <paramref name="partial"/> over the team's lanes, returned to every lane;
    /// <paramref name="scratch"/> holds at least one float per lane.</summary>
    float Sum(float partial, ArrayView<float> scratch, int lanes);

    /// <summary>Adds <paramref name="change"/> to a weight of the shared matrices, which other teams update at the same
    /// time: the change is added to the weight as it is now, never a value computed from an earlier read written over it.</summary>
    void AddTo(ref float weight, float change);
}

/// <summary>A warp: lanes sum with butterfly shuffles (every lane gets the sum) and synchronise with a warp barrier.</summary>
internal readonly struct WarpTeam : ITeam
{
    public int Lane => Warp.LaneIdx;

    public int Index => Warp.WarpIdx;

    public void Sync() => Warp.Barrier();

    public float Sum(float partial, ArrayView<float> scratch, int lanes)
    {
        for (int mask = lanes / 2; mask > 0; mask >>= 1) partial += Warp.ShuffleXor(partial, mask);
        return partial;
    }

    /// <summary>An atomic add (CUDA: <c>red.add.global.f32</c>, the result unused; the CPU accelerator: a compare-exchange
    /// loop): no update of another team is lost.</summary>
    public void AddTo(ref float weight, float change) => Atomic.Add(ref weight, change);
}

/// <summary>A work-group: lanes sum with a tree in local memory, log2(lanes) + 2 barriers.</summary>
internal readonly struct GroupTeam : ITeam
{
    public int Lane => Group.IdxX;

    public int Index => 0;

    public void Sync() => Group.Barrier();

    public float Sum(float partial, ArrayView<float> scratch, int lanes)
    {
        int lane = Group.IdxX;
        scratch[lane] = partial;
        Group.Barrier();
        for (int s = lanes / 2; s > 0; s >>= 1)
        {
            if (lane < s) scratch[lane] += scratch[lane + s];
            Group.Barrier();
        }
        float sum = scratch[0];
        Group.Barrier();
        return sum;
    }

    /// <summary>A read-modify-write of the change (<c>weight += change</c>), not atomic: ILGPU writes OpenCL's atomics
    /// through the generic address space, which OpenCL C 1.2 devices and PoCL's CPU device do not compile, and OpenCL
    /// 1.2 has no float atomics. Another team's update is lost only when it lands between this lane's read and write,
    /// a few instructions apart, not over the training of a whole window.</summary>
    public void AddTo(ref float weight, float change) => weight += change;
}
