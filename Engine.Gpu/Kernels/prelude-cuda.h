/* CUDA C spelling of the macros train.cl is written in. */
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
