namespace Word2VecNative.Gpu;

/// <summary>The device API a GPU training run uses. Either way the kernels are compiled by ILGPU from C# when training starts.</summary>
public enum GpuBackend
{
    /// <summary>OpenCL through the ICD loader (libOpenCL.so.1): NVIDIA, AMD, Intel or PoCL (CPU) drivers; ILGPU emits OpenCL C.</summary>
    OpenCl,
    /// <summary>The CUDA driver API (libcuda.so.1) alone: ILGPU emits PTX, which the driver compiles; no CUDA toolkit is needed.</summary>
    Cuda,
}
