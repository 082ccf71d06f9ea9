using Word2VecNative.Gpu;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec devices</c>: what each GPU backend sees, or why it sees nothing.</summary>
internal static class DevicesCommand
{
    public static int Run(VerbContext c)
    {
        var stdout = c.Stdout;
        if (c.Args.Length > 0) throw new CliError($"ERROR: devices takes no arguments (got {CText.Printable(c.Args[0])})");
        foreach (var report in GpuDevices.List())
        {
            stdout.Write($"{GpuDevices.Name(report.Backend)}:\n");
            if (report.Error != null) stdout.Write($"  none: {report.Error}\n");
            foreach (var d in report.Devices) stdout.Write($"  {d}\n");
        }
        stdout.Write("Select one with -backend opencl|cuda -device N (cpu is the default backend).\n");
        return 0;
    }
}
