namespace Word2VecNative.Training;

/// <summary>
/// Every setting of <see cref="TrainingOptions"/> and what it is, said once: the flag that sets it, whether it defines
/// the model (a continued run must keep it), belongs to the plan (epochs and learning rates), to how a run trains, to
/// one run only, or to learning a vocabulary; whether the model file stores it; and whether a GPU backend trains with
/// it, ignores it or refuses it. Continuing a model checks its settings from this table, the <c>word2vec</c> command
/// merges a loaded model's settings with its flags from it, and the GPU backend refuses from it.
/// </summary>
internal static class OptionTraits
{
    private const bool Stored = true, NotStored = false;

    /// <summary>A new <see cref="TrainingOptions"/>: the defaults a setting is compared with.</summary>
    internal static TrainingOptions Defaults { get; } = new();

    /// <summary>Every setting, one each, those of <see cref="OptionRole.Model"/> in the order a continued run's are
    /// checked (the first that differs is the one reported).</summary>
    public static IReadOnlyList<OptionTrait> All { get; } =
    [
        Of(nameof(TrainingOptions.Size), ["size"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.Size, (o, v) => o with { Size = v }),
        Of(nameof(TrainingOptions.Window), ["window"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.Window, (o, v) => o with { Window = v }),
        Of(nameof(TrainingOptions.Sample), ["sample"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.Sample, (o, v) => o with { Sample = v }),
        Of(nameof(TrainingOptions.HierarchicalSoftmax), ["hs"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.HierarchicalSoftmax, (o, v) => o with { HierarchicalSoftmax = v }),
        Of(nameof(TrainingOptions.Negative), ["negative"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.Negative, (o, v) => o with { Negative = v }),
        Of(nameof(TrainingOptions.Cbow), ["cbow"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.Cbow, (o, v) => o with { Cbow = v }),
        Of(nameof(TrainingOptions.MinCount), ["min-count"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.MinCount, (o, v) => o with { MinCount = v }),
        Of(nameof(TrainingOptions.Seed), ["seed"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.Seed, (o, v) => o with { Seed = v }),
        Of(nameof(TrainingOptions.InitialRange), ["init-range"], OptionRole.Model, Stored, GpuSupport.Supported,
            o => o.InitialRange, (o, v) => o with { InitialRange = v }),

        Of(nameof(TrainingOptions.Iterations), ["iter"], OptionRole.Plan, Stored, GpuSupport.Supported,
            o => o.Iterations, (o, v) => o with { Iterations = v }),
        Of(nameof(TrainingOptions.Alpha), ["alpha"], OptionRole.Plan, Stored, GpuSupport.Supported,
            o => o.Alpha, (o, v) => o with { Alpha = v }),
        Of(nameof(TrainingOptions.MinAlpha), ["min-alpha"], OptionRole.Plan, Stored, GpuSupport.Supported,
            o => o.MinAlpha, (o, v) => o with { MinAlpha = v }),

        Of(nameof(TrainingOptions.Threads), ["threads"], OptionRole.Run, Stored, GpuSupport.Ignored,
            o => o.Threads, (o, v) => o with { Threads = v }),
        Of(nameof(TrainingOptions.Arithmetic), ["exact", "batch"], OptionRole.Run, Stored, GpuSupport.Ignored,
            o => o.Arithmetic, (o, v) => o with { Arithmetic = v }),

        Of(nameof(TrainingOptions.ComputeLoss), ["compute-loss"], OptionRole.RunOnly, Stored, GpuSupport.Refused,
            o => o.ComputeLoss, (o, v) => o with { ComputeLoss = v }),
        Of(nameof(TrainingOptions.StopAfterEpoch), ["stop-after"], OptionRole.RunOnly, NotStored, GpuSupport.Refused,
            o => o.StopAfterEpoch, (o, v) => o with { StopAfterEpoch = v }),

        Of(nameof(TrainingOptions.VocabHashSize), [], OptionRole.Vocabulary, Stored, GpuSupport.Supported,
            o => o.VocabHashSize, (o, v) => o with { VocabHashSize = v }),
        Of(nameof(TrainingOptions.MaxVocabSize), ["max-vocab-size"], OptionRole.Vocabulary, NotStored, GpuSupport.Supported,
            o => o.MaxVocabSize, (o, v) => o with { MaxVocabSize = v }),
        Of(nameof(TrainingOptions.MaxFinalVocab), ["max-final-vocab"], OptionRole.Vocabulary, NotStored, GpuSupport.Supported,
            o => o.MaxFinalVocab, (o, v) => o with { MaxFinalVocab = v }),
        Of(nameof(TrainingOptions.TrimRule), [], OptionRole.Vocabulary, NotStored, GpuSupport.Supported,
            o => o.TrimRule, (o, v) => o with { TrimRule = v }),
    ];

    /// <summary>The settings of <paramref name="options"/> a GPU backend refuses: those it does not support
    /// (<see cref="GpuSupport.Refused"/>) that hold a value other than the default. Empty when it can train them.</summary>
    public static IReadOnlyList<OptionTrait> RefusedOnGpu(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. All.Where(t => t.Gpu == GpuSupport.Refused && t.IsSetIn(options))];
    }

    private static OptionTrait<T> Of<T>(string property, string[] flags, OptionRole role, bool stored, GpuSupport gpu,
        Func<TrainingOptions, T> get, Func<TrainingOptions, T, TrainingOptions> with) =>
        new(property, flags, role, stored, gpu, get, with);
}
