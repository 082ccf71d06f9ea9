using System.Runtime.InteropServices;
using System.Text;

namespace Word2VecNative.Cli;

/// <summary>Entry point: the training command (the C <c>word2vec</c> flags) or one of the companion verbs. Invoked
/// under the name of a companion program (a link named <c>distance</c>, say), it is that program.</summary>
public static class Program
{
    /// <summary>The exit code after SIGINT (Ctrl-C), as a shell reports a process killed by it.</summary>
    public const int ExitInterrupted = 130;

    /// <summary>The exit code after SIGTERM.</summary>
    public const int ExitTerminated = 143;

    /// <summary>Standard input as the C tools read it: on Unix the descriptor itself, so that a terminal keeps the kernel's
    /// line editing (.NET's console stream edits lines itself in a raw mode it switches to for each read; a Ctrl-D typed
    /// before that switch was lost, and the prompt waited for another line); elsewhere, or where descriptor 0 is not
    /// open, .NET's console stream.</summary>
    private static Stream OpenStandardInput()
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // descriptor 0 closed or unusable: the console stream reads nothing, as C's stdin would
            }
        }
        return Console.OpenStandardInput();
    }

    /// <summary>Runs the command line on the process's standard streams. SIGINT and SIGTERM cancel the work in
    /// progress: training stops, temporary files are removed, and the exit code is 130 or 143.</summary>
    public static int Main(string[] args)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
        using var stdin = OpenStandardInput();
        using var cancel = new CancellationTokenSource();
        int signalExit = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // stop cleanly instead of dying: the work in progress notices the token
            signalExit = context.Signal == PosixSignal.SIGTERM ? ExitTerminated : ExitInterrupted;
            cancel.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            string invokedAs = InvokedName();
            int code = Distributed.MpiCommunicator.LaunchedSize > 1 && TrainsAcrossProcesses(args, invokedAs)
                ? RunUnderMpi(args, stdout, stdin, stderr, cancel.Token, invokedAs)
                : Run(args, stdout, stdin, stderr, cancel.Token, invokedAs);
            return code == ExitInterrupted && signalExit != 0 ? signalExit : code;
        }
        finally
        {
            try { stdout.Flush(); } catch (IOException) { }
        }
    }

    /// <summary>True when the command line trains (not a companion program or a verb): under an MPI launcher, it trains
    /// across the processes the launcher started.</summary>
    private static bool TrainsAcrossProcesses(string[] args, string invokedAs) =>
        !(Verbs.TryGet(invokedAs, out _) && Verbs.IsCompanion(invokedAs)) && !(args.Length > 0 && Verbs.TryGet(args[0], out _))
        && !(args.Length == 1 && (Verbs.AsksForHelp(args) || args[0] == "--version"));

    /// <summary>One rank of <c>mpirun -np N word2vec ...</c>: MPI is initialised (one line and exit 1 when it cannot be),
    /// the command runs as that rank, and MPI is finalised. An error the ranks could not agree on (one that escaped the
    /// command) ends every rank at once (MPI_Abort) after its line.</summary>
    private static int RunUnderMpi(string[] args, TextWriter stdout, Stream stdin, TextWriter stderr, CancellationToken cancellationToken, string invokedAs)
    {
        Distributed.MpiCommunicator mpi;
        try
        {
            mpi = Distributed.MpiCommunicator.Initialize();
        }
        catch (Word2VecException e)
        {
            // Every process of the launch fails alike: the first says so.
            if (Distributed.MpiCommunicator.LaunchedRank is null or 0) stderr.WriteLine(CText.Escape("ERROR: " + e.Message));
            return 1;
        }
        int code;
        try
        {
            code = Run(args, stdout, stdin, stderr, cancellationToken, invokedAs, mpi);
        }
        catch (RankAbort e)
        {
            try { stdout.Flush(); } catch (IOException) { }
            mpi.Abort(e.ExitCode);
            return e.ExitCode;
        }
        try { stdout.Flush(); } catch (IOException) { }
        mpi.Dispose();
        return code;
    }

    /// <summary>Runs the command line with explicit streams (tests call this directly). <paramref name="invokedAs"/> is
    /// the program's name as called (a companion program's name makes it that program).</summary>
    public static int Run(string[] args, TextWriter stdout, Stream stdin, TextWriter stderr, CancellationToken cancellationToken = default, string? invokedAs = null) =>
        Run(args, stdout, stdin, stderr, cancellationToken, invokedAs, cluster: null);

    /// <summary><see cref="Run(string[], TextWriter, Stream, TextWriter, CancellationToken, string?)"/> as one rank of a
    /// training run across processes (<paramref name="cluster"/>; null: alone).</summary>
    internal static int Run(string[] args, TextWriter stdout, Stream stdin, TextWriter stderr, CancellationToken cancellationToken, string? invokedAs,
        Distributed.ICommunicator? cluster)
    {
        try
        {
            if (invokedAs != null && Verbs.TryGet(invokedAs, out var linked) && Verbs.IsCompanion(invokedAs))
            {
                var context = new VerbContext(args, stdout, stderr, stdin, "./" + invokedAs, cancellationToken);
                return Verbs.AsksForHelp(args) ? Verbs.UsageOf(invokedAs, context) : linked(context);
            }
            if (args.Length > 0 && Verbs.TryGet(args[0], out var verb))
            {
                var context = new VerbContext(args[1..], stdout, stderr, stdin, "word2vec " + args[0], cancellationToken);
                return Verbs.AsksForHelp(args[1..]) ? Verbs.UsageOf(args[0], context) : verb(context);
            }
            if (args.Length == 1 && Verbs.AsksForHelp(args))
                return Verbs.Help(new VerbContext([], stdout, stderr, stdin, "word2vec", cancellationToken));
            if (args.Length == 1 && args[0] == "--version")
            {
                stdout.Write(Usage.Version);
                return 0;
            }
            return TrainCommand.Run(args, stdout, stdin, stderr, cancellationToken, cluster);
        }
        catch (Exception e) when (ErrorLine(e) is string line)
        {
            stdout.Flush();
            stderr.WriteLine(CText.Escape(line));
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stdout.Write('\n');
            stdout.Flush();
            stderr.WriteLine("ERROR: cancelled");
            return ExitInterrupted;
        }
    }

    /// <summary>The one line the command prints for an error it reports (and exits 1), or null for one it does not
    /// expect: its own errors (already C's "ERROR: ..." lines), the library's (bare messages, given C's prefix), and an
    /// invalid training option (the library names the property; the line is the C tool's style).</summary>
    internal static string? ErrorLine(Exception e) => e switch
    {
        CliError => e.Message,
        Word2VecException or FileNotFoundException => e.Message.StartsWith("ERROR: ", StringComparison.Ordinal) ? e.Message : "ERROR: " + e.Message,
        ArgumentException a when a.ParamName != null && typeof(Training.TrainingOptions).GetProperty(a.ParamName) != null => "ERROR: " + OptionMessage(a),
        _ => null,
    };

    /// <summary>An option's error message without the " (Parameter 'Name')" .NET appends to it.</summary>
    internal static string OptionMessage(ArgumentException e)
    {
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    /// <summary>The name the program was started under (C's <c>argv[0]</c>, without its folder): the first entry of
    /// /proc/self/cmdline where there is one, as a link's own name is not visible anywhere else.</summary>
    internal static string InvokedName()
    {
        string? first = null;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var cmdline = File.ReadAllBytes("/proc/self/cmdline");
                int end = Array.IndexOf(cmdline, (byte)0);
                first = Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        first ??= Environment.GetCommandLineArgs().FirstOrDefault() ?? "word2vec";
        string name = Path.GetFileName(first);
        return name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }
}

/// <summary>What a verb gets: its arguments, the streams (standard error for warnings; errors are thrown), the name it
/// was called by (for its usage text), and the cancellation of the process.</summary>
internal sealed record VerbContext(string[] Args, TextWriter Stdout, TextWriter Stderr, Stream Stdin, string ProgramName, CancellationToken CancellationToken);

/// <summary>The verbs: the companion programs, each a drop-in for the C program of the same name, and this tool's own.</summary>
internal static class Verbs
{
    public delegate int Handler(VerbContext context);

    private static readonly string[] s_companions = ["distance", "word-analogy", "compute-accuracy", "word2phrase"];

    private static readonly Dictionary<string, Handler> s_verbs = new(StringComparer.Ordinal)
    {
        ["demo"] = DemoCommand.Run,
        ["devices"] = DevicesCommand.Run,
        ["distance"] = NeighbourCommand.Distance,
        ["word-analogy"] = NeighbourCommand.WordAnalogy,
        ["compute-accuracy"] = ComputeAccuracyCommand.Run,
        ["word2phrase"] = Word2PhraseCommand.Run,
        ["plot"] = PlotCommand.Run,
        ["export-tsv"] = ExportTsvCommand.Run,
        ["help"] = Help,
    };

    public static bool TryGet(string name, out Handler handler) => s_verbs.TryGetValue(name, out handler!);

    public static bool IsCompanion(string name) => s_companions.Contains(name);

    /// <summary>True when a verb's first argument asks for its usage (<c>-h</c>, <c>-help</c>, <c>--help</c>): every verb
    /// answers it as the training command does, with its usage on standard output and exit code 0.</summary>
    public static bool AsksForHelp(string[] args) => args.Length > 0 && args[0] is "-h" or "-help" or "--help";

    /// <summary>The usage of <paramref name="verb"/>: what the companion programs and plot print when called without
    /// arguments, and a line for this tool's own verbs.</summary>
    public static int UsageOf(string verb, VerbContext c)
    {
        switch (verb)
        {
            case "demo":
                c.Stdout.Write($"Usage: {c.ProgramName}\ntrains on a small built-in corpus (after the woodchuck sample's vocabulary and Huffman codes) and shows the nearest words of a few; no arguments, no files left behind\n");
                return 0;
            case "devices":
                c.Stdout.Write($"Usage: {c.ProgramName}\nlists the OpenCL and CUDA devices that -backend opencl|cuda -device N can train on, or why there are none; no arguments\n");
                return 0;
            case "help":
                return Help(c);
            default:
                return s_verbs[verb](c with { Args = [] });
        }
    }

    /// <summary><c>word2vec help</c>: the usage text.</summary>
    public static int Help(VerbContext c)
    {
        c.Stdout.Write(Usage.Train);
        c.Stdout.Write(Usage.Additions);
        return 0;
    }
}
