namespace Word2VecNative.Gpu.Cuda;

/// <summary>NVRTC, the CUDA run-time compiler, found under the sonames of recent CUDA releases.</summary>
internal static unsafe class NvrtcApi
{
    public static readonly string[] Sonames =
        ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11.1", "libnvrtc.so.11.0", "libnvrtc.so"];

    private static readonly Lazy<Functions?> s_functions = new(Load);

    public static Functions Api => s_functions.Value ?? throw new Word2VecException(
        $"ERROR: NVRTC (the CUDA run-time compiler) is not installed; tried {string.Join(", ", Sonames)}; install the CUDA toolkit's NVRTC (e.g. cuda-nvrtc-12-x) or add its folder to LD_LIBRARY_PATH");

    public static string? LoadedName { get; private set; }

    private static Functions? Load()
    {
        nint lib = NativeLibraries.TryLoad(Sonames, out string? name);
        if (lib == 0) return null;
        LoadedName = name;
        return new Functions(lib, name!);
    }

    public static void Check(int status, string call)
    {
        if (status == 0) return;
        byte* s = Api.GetErrorString(status);
        throw new Word2VecException($"ERROR: NVRTC {call} failed with {(s == null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : new string((sbyte*)s))}");
    }

    internal sealed class Functions(nint lib, string name)
    {
        public readonly delegate* unmanaged<int, byte*> GetErrorString =
            (delegate* unmanaged<int, byte*>)NativeLibraries.Export(lib, name, "nvrtcGetErrorString");
        public readonly delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int> CreateProgram =
            (delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int>)NativeLibraries.Export(lib, name, "nvrtcCreateProgram");
        public readonly delegate* unmanaged<nint, int, byte**, int> CompileProgram =
            (delegate* unmanaged<nint, int, byte**, int>)NativeLibraries.Export(lib, name, "nvrtcCompileProgram");
        public readonly delegate* unmanaged<nint, nuint*, int> GetProgramLogSize =
            (delegate* unmanaged<nint, nuint*, int>)NativeLibraries.Export(lib, name, "nvrtcGetProgramLogSize");
        public readonly delegate* unmanaged<nint, byte*, int> GetProgramLog =
            (delegate* unmanaged<nint, byte*, int>)NativeLibraries.Export(lib, name, "nvrtcGetProgramLog");
        public readonly delegate* unmanaged<nint, nuint*, int> GetPTXSize =
            (delegate* unmanaged<nint, nuint*, int>)NativeLibraries.Export(lib, name, "nvrtcGetPTXSize");
        public readonly delegate* unmanaged<nint, byte*, int> GetPTX =
            (delegate* unmanaged<nint, byte*, int>)NativeLibraries.Export(lib, name, "nvrtcGetPTX");
        public readonly delegate* unmanaged<nint*, int> DestroyProgram =
            (delegate* unmanaged<nint*, int>)NativeLibraries.Export(lib, name, "nvrtcDestroyProgram");
    }
}
