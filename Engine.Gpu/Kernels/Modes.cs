namespace Word2VecNative.Gpu.Kernels;

/// <summary>
/// What a training kernel trains, as type arguments: ILGPU compiles one kernel per combination with the other
/// branches removed, so each kernel is as small as its mode (OpenCL CPU compilers such as PoCL take minutes over a
/// kernel holding every mode's barriers).
/// </summary>
internal interface IMode
{
    bool Cbow { get; }

    bool HierarchicalSoftmax { get; }

    bool Negative { get; }

    bool SharedNegatives { get; }

    bool AliasDraws { get; }

    /// <summary>The window's input rows held in shared memory (<see cref="KernelShape.Ring"/>).</summary>
    bool Ring { get; }

    /// <summary>Dimensions each lane owns (<see cref="KernelShape.DimsPerLane"/>) when known at compile time, so that
    /// the per-lane loops have a constant trip count (unrolled, no division); 0 when the kernel reads it from the shape.</summary>
    int DimsPerLane { get; }

    /// <summary>The window (<see cref="KernelShape.Window"/>) when known at compile time, so that the shrink's remainder
    /// is by a constant (a multiply and shifts); 0 when the kernel reads it from the shape.</summary>
    int Window { get; }
}

/// <summary>A number known when the kernel is compiled (0: not known, read at run time).</summary>
internal interface IConstant
{
    int Value { get; }
}

/// <summary>Numbers 0 (not known) to 16 as types, and the type of a number (<see cref="Of"/>).</summary>
internal static class Constants
{
    /// <summary>Largest number with a type of its own; a larger one is read at run time.</summary>
    public const int Largest = 16;

    private static readonly Type[] s_types =
    [
        typeof(N0), typeof(N1), typeof(N2), typeof(N3), typeof(N4), typeof(N5), typeof(N6), typeof(N7), typeof(N8),
        typeof(N9), typeof(N10), typeof(N11), typeof(N12), typeof(N13), typeof(N14), typeof(N15), typeof(N16),
    ];

    /// <summary>The type of <paramref name="value"/>, or of 0 (read at run time) beyond <see cref="Largest"/>.</summary>
    public static Type Of(int value) => s_types[value is > 0 and <= Largest ? value : 0];
}

internal readonly struct N0 : IConstant { public int Value => 0; }
internal readonly struct N1 : IConstant { public int Value => 1; }
internal readonly struct N2 : IConstant { public int Value => 2; }
internal readonly struct N3 : IConstant { public int Value => 3; }
internal readonly struct N4 : IConstant { public int Value => 4; }
internal readonly struct N5 : IConstant { public int Value => 5; }
internal readonly struct N6 : IConstant { public int Value => 6; }
internal readonly struct N7 : IConstant { public int Value => 7; }
internal readonly struct N8 : IConstant { public int Value => 8; }
internal readonly struct N9 : IConstant { public int Value => 9; }
internal readonly struct N10 : IConstant { public int Value => 10; }
internal readonly struct N11 : IConstant { public int Value => 11; }
internal readonly struct N12 : IConstant { public int Value => 12; }
internal readonly struct N13 : IConstant { public int Value => 13; }
internal readonly struct N14 : IConstant { public int Value => 14; }
internal readonly struct N15 : IConstant { public int Value => 15; }
internal readonly struct N16 : IConstant { public int Value => 16; }

/// <summary>A switch known when the kernel is compiled.</summary>
internal interface IFlag
{
    bool On { get; }
}

internal readonly struct Yes : IFlag
{
    public bool On => true;
}

internal readonly struct No : IFlag
{
    public bool On => false;
}

/// <summary>A mode made of six switches and two numbers of the shape.</summary>
internal readonly struct Mode<TCbow, THs, TNegative, TShared, TAlias, TRing, TDims, TWindow> : IMode
    where TCbow : struct, IFlag where THs : struct, IFlag where TNegative : struct, IFlag where TShared : struct, IFlag where TAlias : struct, IFlag
    where TRing : struct, IFlag where TDims : struct, IConstant where TWindow : struct, IConstant
{
    public bool Cbow => default(TCbow).On;

    public bool HierarchicalSoftmax => default(THs).On;

    public bool Negative => default(TNegative).On;

    public bool SharedNegatives => default(TShared).On;

    public bool AliasDraws => default(TAlias).On;

    public bool Ring => default(TRing).On;

    public int DimsPerLane => default(TDims).Value;

    public int Window => default(TWindow).Value;

    /// <summary>The mode type of a kernel shape.</summary>
    public static Type For(KernelShape shape)
    {
        static Type F(bool on) => on ? typeof(Yes) : typeof(No);
        return typeof(Mode<,,,,,,,>).MakeGenericType(F(shape.Cbow), F(shape.HierarchicalSoftmax), F(shape.Negative > 0), F(shape.SharedNegatives), F(shape.AliasDraws),
            F(shape.Ring), Constants.Of(shape.DimsPerLane), Constants.Of(shape.Window));
    }
}
