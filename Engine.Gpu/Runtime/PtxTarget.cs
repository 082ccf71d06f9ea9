using System.Globalization;
using ILGPU.Runtime.Cuda;

namespace Word2VecNative.Gpu.Runtime;

/// <summary>
/// The PTX ISA a CUDA device's kernels are written in (the <c>.version</c> line), or why the driver accepts none.
/// <para>ILGPU 1.5.3 writes the <c>.target</c> of the device's compute capability capped at sm_80 (PTX for an older
/// architecture is compiled by the driver for any newer device, so Hopper, Blackwell and devices newer than ILGPU run
/// it), and the <c>.version</c> of the newest PTX ISA it knows (up to 8.8, CUDA 12.9) whose CUDA version the driver
/// reaches, provided the driver also reaches the one the device's architecture needs (for an architecture ILGPU does
/// not know, that of the newest it knows). A driver newer than ILGPU gets ISA 8.8, which it accepts. A driver too old
/// for either is refused here, when the device is opened, with one line naming the CUDA version it must reach, rather
/// than by the driver when the kernels load.</para>
/// </summary>
internal readonly record struct PtxTarget(int Major, int Minor, CudaInstructionSet InstructionSet)
{
    /// <summary>The ISA for a device of compute capability <paramref name="major"/>.<paramref name="minor"/> under a
    /// driver of CUDA <paramref name="driver"/>; null with <paramref name="error"/> (one line) when the driver is too old.</summary>
    public static PtxTarget? Choose(int major, int minor, CudaDriverVersion driver, string deviceName, out string? error)
    {
        var ic = CultureInfo.InvariantCulture;
        if (!CudaAccelerator.TryGetInstructionSet(new CudaArchitecture(major, minor), driver, out var needed, out var isa))
        {
            error = string.Create(ic, $"ERROR: the NVIDIA driver (CUDA {driver.Major}.{driver.Minor}) is too old for {deviceName} (compute capability {major}.{minor}): its PTX needs a driver of CUDA {needed.Major}.{needed.Minor} or later; update the driver");
            return null;
        }
        error = null;
        return new PtxTarget(major, minor, isa);
    }

    /// <summary>As <c>word2vec devices</c> shows it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"compute capability {Major}.{Minor}, PTX ISA {InstructionSet.Major}.{InstructionSet.Minor}");
}
