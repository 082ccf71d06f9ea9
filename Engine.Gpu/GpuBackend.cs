namespace Word2VecNative.Gpu;

/// <summary>The device API a GPU training run uses.</summary>
public enum GpuBackend
{
    /// <summary>OpenCL 1.2 through the ICD loader (libOpenCL.so.1): NVIDIA, AMD, Intel or PoCL (CPU) drivers.</summary>
    OpenCl,
    /// <summary>The CUDA driver API (libcuda.so.1) with run-time compilation by NVRTC.</summary>
    Cuda,
}
