using System.Globalization;
using System.Text;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Kernels;

/// <summary>The compile-time constants of one training run: the kernel is specialised for them when training starts.</summary>
internal sealed record KernelConfig(int Size, int Window, int Negative, bool HierarchicalSoftmax, bool Cbow, int LocalSize)
{
    /// <summary>Dimensions each work-item owns.</summary>
    public int DimsPerItem => (Size + LocalSize - 1) / LocalSize;

    public static KernelConfig From(TrainingOptions o, int localSize) =>
        new(o.Size, o.Window, o.Negative, o.HierarchicalSoftmax, o.Cbow, localSize);

    /// <summary>Prelude, defines and kernel body for <paramref name="backend"/>.</summary>
    public string Source(GpuBackend backend)
    {
        var sb = new StringBuilder();
        sb.Append(KernelSource.Prelude(backend)).Append('\n');
        void Define(string name, long value) => sb.Append("#define ").Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Define("SIZE", Size);
        Define("WINDOW", Window);
        Define("NEGATIVE", Negative);
        Define("HS", HierarchicalSoftmax ? 1 : 0);
        Define("CBOW", Cbow ? 1 : 0);
        Define("WG", LocalSize);
        Define("DPT", DimsPerItem);
        Define("MAX_EXP", SigmoidTable.MaxExp);
        Define("EXP_SCALE", SigmoidTable.IndexScale);
        Define("MAX_CODE_LENGTH", Vocab.HuffmanTree.MaxCodeLength);
        Define("TABLE_SIZE", UnigramTable.TableSize);
        Define("BUCKET_BITS", UnigramTable.BucketBits);
        sb.Append(KernelSource.Body);
        return sb.ToString();
    }
}
