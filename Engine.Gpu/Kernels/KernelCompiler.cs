using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Word2VecNative.Gpu.Kernels;

/// <summary>
/// The kernels as ILGPU compiles them, without a device: PTX for a CUDA architecture and PTX ISA (what CI assembles
/// with ptxas) and OpenCL C (whose build log explains a driver's refusal).
/// </summary>
internal static class KernelCompiler
{
    /// <summary>The training kernel's entry point for teams of warps or work-groups and <paramref name="sharedFloats"/>
    /// floats of shared memory per work-group.</summary>
    public static MethodInfo TrainMethod(KernelShape shape, bool warpTeams, int sharedFloats) =>
        typeof(TrainKernel).GetMethod(TrainKernel.EntryFor(sharedFloats))!.MakeGenericMethod(warpTeams ? typeof(WarpTeam) : typeof(GroupTeam),
            Mode<No, No, No, No, No, No, N0, N0>.For(shape));

    public static MethodInfo SubsampleMethod => typeof(SubsampleKernel).GetMethod(nameof(SubsampleKernel.Run))!;

    /// <summary>The PTX of the training kernel (warp teams) and the down-sampling kernel, as ILGPU emits them for a
    /// device of <paramref name="architecture"/> under a driver that accepts <paramref name="instructionSet"/>.</summary>
    public static (string Train, string Subsample) Ptx(KernelShape shape, int sharedFloats, CudaArchitecture architecture, CudaInstructionSet instructionSet)
    {
        using var context = Runtime.IlgpuRuntime.CreateCompilerOnly();
        using var backend = new PTXBackend(context, architecture, instructionSet, null!);
        string train = ((PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(TrainMethod(shape, true, sharedFloats)), default)).PTXAssembly;
        string subsample = ((PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(SubsampleMethod), default)).PTXAssembly;
        return (train, subsample);
    }

    /// <summary>The build log of the training kernel on <paramref name="accelerator"/>, or null when it builds.</summary>
    public static string? OpenClBuildLog(CLAccelerator accelerator, KernelShape shape, int sharedFloats)
    {
        var backend = accelerator.Backend;
        var kernel = (CLCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(TrainMethod(shape, false, sharedFloats)), default);
        var status = CLKernel.LoadKernel(accelerator, kernel.Name, kernel.Source, kernel.CVersion, out nint program, out nint k, out string? log);
        if (k != 0) CLAPI.CurrentAPI.ReleaseKernel(k);
        if (program != 0) CLAPI.CurrentAPI.ReleaseProgram(program);
        return status == CLError.CL_SUCCESS ? null : log ?? status.ToString();
    }
}
