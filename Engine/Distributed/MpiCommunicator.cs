using System.Reflection;
using System.Runtime.InteropServices;

namespace Word2VecNative.Distributed;

/// <summary>
/// <see cref="ICommunicator"/> over MPI's world communicator, through MPI.NET. MPI.NET is built for Microsoft's
/// MS-MPI (<c>msmpi.dll</c>), which derives from MPICH and shares its handle values, so on Linux its calls are bound to
/// an MPICH-compatible library instead: <c>WORD2VEC_MPI_LIBRARY</c> when set, else <c>libmpich.so.12</c> (Debian's
/// and most distributions' MPICH), else <c>libmpi.so.12</c> (Intel MPI, MVAPICH). Open MPI is not compatible (its
/// handles are pointers): a process its launcher started is refused.
/// <para>Start the processes with that MPI's launcher (<c>mpirun -np 4 ...</c>), call <see cref="Initialize"/> once
/// in each, pass the communicator to the trainer (<c>TrainingHooks.Communicator</c>), and dispose it
/// at the end (MPI_Finalize).</para>
/// </summary>
public sealed class MpiCommunicator : ICommunicator, IDisposable
{
    /// <summary>The environment variable that names the MPI library to load, for an MPICH-compatible one elsewhere.</summary>
    public const string LibraryVariable = "WORD2VEC_MPI_LIBRARY";

    private static readonly string[] s_libraries = ["libmpich.so.12", "libmpi.so.12", "libmpich.so"];
    private static readonly Lock s_gate = new();
    private static bool s_resolverSet;
    private static string? s_loaded;

    // MPICH's (and MS-MPI's) MPI_IN_PLACE.
    private static readonly IntPtr s_inPlace = new(-1);

    private readonly MPI.Environment _environment;
    private bool _disposed;

    private MpiCommunicator(MPI.Environment environment, int rank, int size)
    {
        _environment = environment;
        Rank = rank;
        Size = size;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <summary>The MPI library the calls go to (its file name), once initialised.</summary>
    public static string? LibraryName => s_loaded;

    /// <summary>The number of processes an MPI launcher started this process among (its environment: MPICH's and
    /// Intel MPI's <c>PMI_SIZE</c>, Open MPI's <c>OMPI_COMM_WORLD_SIZE</c>, MVAPICH's <c>MV2_COMM_WORLD_SIZE</c>), or
    /// null when no launcher started it.</summary>
    public static int? LaunchedSize =>
        Read("PMI_SIZE") ?? Read("OMPI_COMM_WORLD_SIZE") ?? Read("MV2_COMM_WORLD_SIZE");

    /// <summary>This process's rank as the MPI launcher's environment gives it (<c>PMI_RANK</c>,
    /// <c>OMPI_COMM_WORLD_RANK</c>, <c>MV2_COMM_WORLD_RANK</c>), or null when no launcher started it.</summary>
    public static int? LaunchedRank =>
        ReadRank("PMI_RANK") ?? ReadRank("OMPI_COMM_WORLD_RANK") ?? ReadRank("MV2_COMM_WORLD_RANK");

    private static int? ReadRank(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out int n) && n >= 0 ? n : null;

    private static bool LaunchedByOpenMpi => Read("OMPI_COMM_WORLD_SIZE") != null;

    private static int? Read(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out int n) && n > 0 ? n : null;

    /// <summary>Initialises MPI (MPI_Init_thread, MPI_THREAD_SERIALIZED) and returns the world communicator. Throws
    /// <see cref="Word2VecException"/> when no compatible MPI library loads, when Open MPI's launcher started the
    /// process, when the library does not see the processes the launcher started (another MPI's launcher), or when
    /// MPI is already initialised.</summary>
    public static MpiCommunicator Initialize()
    {
        lock (s_gate)
        {
            if (LaunchedByOpenMpi)
                throw new Word2VecException("started by Open MPI's mpirun, which is not supported: start it with MPICH's (apt install mpich; mpirun.mpich -np N ...)");
            SetResolver();
            MPI.Environment environment;
            try
            {
                if (MPI.Environment.Initialized) throw new Word2VecException("MPI is already initialised in this process");
                string[] args = [];
                environment = new MPI.Environment(ref args, MPI.Threading.Serialized);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                throw new Word2VecException(NoLibraryMessage());
            }
            catch (TypeInitializationException e) when (e.InnerException is DllNotFoundException or EntryPointNotFoundException)
            {
                throw new Word2VecException(NoLibraryMessage());
            }
            var world = MPI.Communicator.world;
            int rank = world.Rank, size = world.Size;
            if (MPI.Environment.Threading < MPI.Threading.Serialized)
            {
                environment.Dispose();
                throw new Word2VecException($"{s_loaded} does not support MPI_THREAD_SERIALIZED, which training across processes needs");
            }
            if (LaunchedSize is int launched && launched != size)
            {
                environment.Dispose();
                throw new Word2VecException($"the launcher started {launched} processes but {s_loaded} sees {size}: start it with the mpirun of the MPI that {s_loaded} belongs to");
            }
            return new MpiCommunicator(environment, rank, size);
        }
    }

    private static string NoLibraryMessage()
    {
        string? named = Environment.GetEnvironmentVariable(LibraryVariable);
        return string.IsNullOrEmpty(named)
            ? $"no MPI library: none of {string.Join(", ", s_libraries)} could be loaded (install MPICH: apt install mpich, or name an MPICH-compatible library in {LibraryVariable})"
            : $"no MPI library: {LibraryVariable}={named} could not be loaded";
    }

    /// <summary>Binds MPI.NET's <c>msmpi.dll</c> to the MPICH-compatible library found here.</summary>
    private static void SetResolver()
    {
        if (s_resolverSet) return;
        foreach (var assembly in new[] { typeof(MPI.Environment).Assembly, typeof(MpiCommunicator).Assembly })
        {
            try
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // The application set its own resolver for MPI.NET: its binding stands.
            }
        }
        s_resolverSet = true;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!name.StartsWith("msmpi", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
        string? named = Environment.GetEnvironmentVariable(LibraryVariable);
        foreach (string candidate in string.IsNullOrEmpty(named) ? s_libraries : [named])
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                s_loaded = Path.GetFileName(candidate);
                return handle;
            }
        }
        return IntPtr.Zero; // the runtime then throws DllNotFoundException
    }

    /// <inheritdoc/>
    public unsafe void AllreduceSum(Span<float> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (float* p = values) Reduce((IntPtr)p, values.Length, MPI.Unsafe.MPI_FLOAT);
    }

    /// <inheritdoc/>
    public unsafe void AllreduceSum(Span<double> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (double* p = values) Reduce((IntPtr)p, values.Length, MPI.Unsafe.MPI_DOUBLE);
    }

    /// <summary>MPI_Allreduce (sum, in place), as MPI_Iallreduce then MPI_Test until it completes, yielding the core
    /// between tests once it has waited a while: MPI's blocking calls poll without rest, and a rank waiting for another
    /// would take the core that rank's threads need wherever ranks and threads outnumber the cores.</summary>
    private static unsafe void Reduce(IntPtr buffer, int count, int datatype)
    {
        int request;
        Check(MpiCalls.MPI_Iallreduce(s_inPlace, buffer, count, datatype, MPI.Unsafe.MPI_SUM, MPI.Unsafe.MPI_COMM_WORLD, &request), "MPI_Iallreduce");
        for (int polls = 0; ; polls++)
        {
            int done;
            Check(MpiCalls.MPI_Test(&request, &done, s_statusIgnore), "MPI_Test");
            if (done != 0) return;
            if (polls < 100) Thread.SpinWait(20);
            else Thread.Yield();
        }
    }

    // MPICH's MPI_STATUS_IGNORE.
    private static readonly IntPtr s_statusIgnore = new(1);

    /// <inheritdoc/>
    public unsafe void Broadcast(Span<byte> data, int root)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(root);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(root, Size);
        fixed (byte* p = data) Check(MPI.Unsafe.MPI_Bcast((IntPtr)p, data.Length, MPI.Unsafe.MPI_BYTE, root, MPI.Unsafe.MPI_COMM_WORLD), "MPI_Bcast");
    }

    /// <summary>Ends every process of the run at once (MPI_Abort with <paramref name="exitCode"/>): for a process that
    /// cannot go on while the others wait in a collective call.</summary>
    public void Abort(int exitCode)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        MPI.Unsafe.MPI_Abort(MPI.Unsafe.MPI_COMM_WORLD, exitCode);
    }

    private static void Check(int code, string call)
    {
        if (code != 0) throw new Word2VecException($"{call} failed (MPI error {code})");
    }

    /// <summary>Finalises MPI (MPI_Finalize); every process must call it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _environment.Dispose();
    }
}

/// <summary>The MPI-3 calls MPI.NET 1.4.0 (MPI-2) does not declare, bound like its own to the library found for
/// <c>msmpi.dll</c> (<see cref="MpiCommunicator"/>'s resolver).</summary>
internal static unsafe partial class MpiCalls
{
    [LibraryImport("msmpi.dll")]
    internal static partial int MPI_Iallreduce(IntPtr sendbuf, IntPtr recvbuf, int count, int datatype, int op, int comm, int* request);

    [LibraryImport("msmpi.dll")]
    internal static partial int MPI_Test(int* request, int* flag, IntPtr status);
}
