/* OpenCL C spelling of the macros train.cl is written in. */
#define KERNEL __kernel void
#define DEVICE
#define GLOBAL __global
#define LOCAL_ARRAY __local
#define LOCAL_PTR __local
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define LOCAL_ID ((int)get_local_id(0))
#define GROUP_ID ((int)get_group_id(0))
typedef long i64;
