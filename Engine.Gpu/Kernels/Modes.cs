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
}

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

/// <summary>A mode made of five switches.</summary>
internal readonly struct Mode<TCbow, THs, TNegative, TShared, TAlias> : IMode
    where TCbow : struct, IFlag where THs : struct, IFlag where TNegative : struct, IFlag where TShared : struct, IFlag where TAlias : struct, IFlag
{
    public bool Cbow => default(TCbow).On;

    public bool HierarchicalSoftmax => default(THs).On;

    public bool Negative => default(TNegative).On;

    public bool SharedNegatives => default(TShared).On;

    public bool AliasDraws => default(TAlias).On;

    /// <summary>The mode type of a kernel shape.</summary>
    public static Type For(KernelShape shape)
    {
        static Type F(bool on) => on ? typeof(Yes) : typeof(No);
        return typeof(Mode<,,,,>).MakeGenericType(F(shape.Cbow), F(shape.HierarchicalSoftmax), F(shape.Negative > 0), F(shape.SharedNegatives), F(shape.AliasDraws));
    }
}
