using CommandLine;
using Word2VecNative.Training;

namespace Word2VecNative.Cli;

/// <summary>The flags of word2vec.c, with its names and defaults, plus -exact.</summary>
internal sealed class TrainArguments
{
    public static readonly string[] Flags =
    [
        "train", "output", "size", "window", "sample", "hs", "negative", "threads", "iter", "min-count",
        "alpha", "classes", "debug", "binary", "save-vocab", "read-vocab", "cbow", "exact", "backend", "device",
    ];

    [Option("train")] public string? Train { get; set; }
    [Option("output")] public string? Output { get; set; }
    [Option("size", Default = 100)] public int Size { get; set; }
    [Option("window", Default = 5)] public int Window { get; set; }
    [Option("sample", Default = 1e-3f)] public float Sample { get; set; }
    [Option("hs", Default = 0)] public int Hs { get; set; }
    [Option("negative", Default = 5)] public int Negative { get; set; }
    [Option("threads", Default = 12)] public int Threads { get; set; }
    [Option("iter", Default = 5)] public int Iter { get; set; }
    [Option("min-count", Default = 5)] public int MinCount { get; set; }
    [Option("alpha")] public float? Alpha { get; set; }
    [Option("classes", Default = 0)] public int Classes { get; set; }
    [Option("debug", Default = 2)] public int Debug { get; set; }
    [Option("binary", Default = 0)] public int Binary { get; set; }
    [Option("save-vocab")] public string? SaveVocab { get; set; }
    [Option("read-vocab")] public string? ReadVocab { get; set; }
    [Option("cbow", Default = 1)] public int Cbow { get; set; }
    [Option("exact", Default = 0)] public int Exact { get; set; }
    [Option("backend", Default = "cpu")] public string Backend { get; set; } = "cpu";
    [Option("device", Default = 0)] public int Device { get; set; }

    /// <summary>The GPU backend named by -backend, or null for the CPU engine.</summary>
    public Gpu.GpuBackend? GpuBackend => Backend switch
    {
        "cpu" => null,
        "opencl" => Gpu.GpuBackend.OpenCl,
        "cuda" => Gpu.GpuBackend.Cuda,
        _ => throw new CliError($"ERROR: invalid value '{Backend}' for -backend (use cpu, opencl or cuda)"),
    };

    public TrainingOptions ToOptions() => new()
    {
        Size = Size,
        Window = Window,
        Sample = Sample,
        HierarchicalSoftmax = Hs != 0,
        Negative = Negative,
        Threads = Threads,
        Iterations = Iter,
        MinCount = MinCount,
        Alpha = Alpha,
        Cbow = Cbow != 0,
        Classes = Classes,
        Debug = Debug,
        Binary = Binary != 0,
        Kernel = Exact != 0 ? KernelKind.Exact : KernelKind.Fast,
    };
}
