namespace Word2VecNative.Gpu.Kernels;

/// <summary>Four floats, the unit in which the training kernel loads a row of device memory: a view of rows cast to
/// these is read with one 16-byte load per element (<c>ld.global.v4.f32</c>; rows are padded to 32 floats, so every
/// element is aligned).</summary>
internal struct Float4
{
    public float X;
    public float Y;
    public float Z;
    public float W;
}
