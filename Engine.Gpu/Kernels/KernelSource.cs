namespace Word2VecNative.Gpu.Kernels;

/// <summary>The device code, kept as embedded source files: <c>train.cl</c>, written once in the C subset shared by
/// OpenCL C and CUDA C, and a short prelude per backend that spells its macros.</summary>
internal static class KernelSource
{
    public const string EntryPoint = "w2v_train";

    private static readonly Lazy<string> s_body = new(() => Read("train.cl"));
    private static readonly Lazy<string> s_openCl = new(() => Read("prelude-opencl.h"));
    private static readonly Lazy<string> s_cuda = new(() => Read("prelude-cuda.h"));

    /// <summary>The training kernel's body.</summary>
    public static string Body => s_body.Value;

    /// <summary>The prelude of <paramref name="backend"/>.</summary>
    public static string Prelude(GpuBackend backend) => backend == GpuBackend.Cuda ? s_cuda.Value : s_openCl.Value;

    private static string Read(string name)
    {
        using var s = typeof(KernelSource).Assembly.GetManifestResourceStream("Kernels." + name)
            ?? throw new InvalidOperationException($"the device source {name} is not embedded");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
