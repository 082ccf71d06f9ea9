namespace Word2VecNative.Gpu.Compute;

/// <summary>One kernel argument: a buffer or a 32/64-bit scalar, passed by value.</summary>
internal readonly struct KernelArg
{
    public enum ArgKind { Buffer, Int32, Int64, Float32 }

    public ArgKind Kind { get; }
    public DeviceBuffer? Buffer { get; }
    public long Bits { get; }

    private KernelArg(ArgKind kind, DeviceBuffer? buffer, long bits)
    {
        Kind = kind;
        Buffer = buffer;
        Bits = bits;
    }

    public static implicit operator KernelArg(DeviceBuffer b) => new(ArgKind.Buffer, b, 0);
    public static implicit operator KernelArg(int v) => new(ArgKind.Int32, null, v);
    public static implicit operator KernelArg(long v) => new(ArgKind.Int64, null, v);
    public static implicit operator KernelArg(float v) => new(ArgKind.Float32, null, BitConverter.SingleToInt32Bits(v));
}
