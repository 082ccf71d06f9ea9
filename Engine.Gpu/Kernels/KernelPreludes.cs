namespace Word2VecNative.Gpu.Kernels;

/// <summary>The few macros that let one kernel source compile as OpenCL C and as CUDA C.</summary>
internal static class KernelPreludes
{
    public const string OpenCl = """
        #define KERNEL __kernel void
        #define DEVICE
        #define GLOBAL __global
        #define LOCAL_ARRAY __local
        #define LOCAL_PTR __local
        #define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
        #define LOCAL_ID ((int)get_local_id(0))
        #define GROUP_ID ((int)get_group_id(0))
        typedef long i64;
        """;

    public const string Cuda = """
        #define KERNEL extern "C" __global__ void
        #define DEVICE __device__ static
        #define GLOBAL
        #define LOCAL_ARRAY __shared__
        #define LOCAL_PTR
        #define BARRIER() __syncthreads()
        #define LOCAL_ID ((int)threadIdx.x)
        #define GROUP_ID ((int)blockIdx.x)
        typedef long long i64;
        typedef unsigned long long ulong;
        typedef unsigned char uchar;
        """;

    public static string For(GpuBackend backend) => backend == GpuBackend.Cuda ? Cuda : OpenCl;
}
