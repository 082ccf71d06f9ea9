using System.Globalization;

namespace Word2VecNative.Training;

/// <summary>What a setting of <see cref="TrainingOptions"/> is to a model and to a run continuing it.</summary>
internal enum OptionRole
{
    /// <summary>Defines the model (its shape, objectives, architecture, and what its vocabulary and initial vectors
    /// were made with): a run continuing it must have the model's value.</summary>
    Model,

    /// <summary>The plan: its epochs and learning rates. A run resuming an unfinished plan must have the plan's value;
    /// a new plan may change it.</summary>
    Plan,

    /// <summary>How a run trains (threads, arithmetic): a continued run may change it, and the model keeps the value
    /// of the run that made it.</summary>
    Run,

    /// <summary>Asked by one run alone (the loss, stopping early): never carried over to a run continuing its model.</summary>
    RunOnly,

    /// <summary>How a vocabulary is learnt: a continued model keeps its vocabulary, so it does not apply there.</summary>
    Vocabulary,
}

/// <summary>How a GPU backend treats a setting of <see cref="TrainingOptions"/>.</summary>
internal enum GpuSupport
{
    /// <summary>It trains with it as the CPU trainer does.</summary>
    Supported,

    /// <summary>It does not apply there (the CPU's threads and arithmetic) and is ignored.</summary>
    Ignored,

    /// <summary>It is refused when set (it differs from a new <see cref="TrainingOptions"/>'s value).</summary>
    Refused,
}

/// <summary>One setting of <see cref="TrainingOptions"/>, described once (see <see cref="OptionTraits"/>): its
/// property, the command's flags that set it, its <see cref="OptionRole"/>, whether the model file stores it, and how a
/// GPU backend treats it.</summary>
internal abstract class OptionTrait
{
    private protected OptionTrait(string property, IReadOnlyList<string> flags, OptionRole role, bool storedInModelFile, GpuSupport gpu)
    {
        Property = property;
        Flags = flags;
        Role = role;
        StoredInModelFile = storedInModelFile;
        Gpu = gpu;
    }

    /// <summary>The property of <see cref="TrainingOptions"/> (<c>Size</c>).</summary>
    public string Property { get; }

    /// <summary>The <c>word2vec</c> command's flags that set it, without their dash (<c>size</c>; <c>exact</c> and
    /// <c>batch</c> both set <see cref="TrainingOptions.Arithmetic"/>); none for a setting of the library only.</summary>
    public IReadOnlyList<string> Flags { get; }

    /// <summary>The flag messages name (<c>-size</c>), or the property's name for a setting of the library only.</summary>
    public string Name => Flags.Count > 0 ? "-" + Flags[0] : Property;

    /// <summary>What the setting is to a model and to a run continuing it.</summary>
    public OptionRole Role { get; }

    /// <summary>Whether a saved model (<see cref="Word2VecModel.Save(string, CancellationToken)"/>) stores it; a model
    /// loaded from a file has the default of a setting it does not store.</summary>
    public bool StoredInModelFile { get; }

    /// <summary>How a GPU backend treats it.</summary>
    public GpuSupport Gpu { get; }

    /// <summary><paramref name="to"/> with this setting's value taken from <paramref name="from"/>.</summary>
    public abstract TrainingOptions CopyValue(TrainingOptions from, TrainingOptions to);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> hold the same value of this setting.</summary>
    internal abstract bool Same(TrainingOptions a, TrainingOptions b);

    /// <summary>The value as a message shows it: as its flag takes it (<c>1</c> and <c>0</c> for a switch).</summary>
    internal abstract string Show(TrainingOptions options);

    /// <summary>Whether <paramref name="options"/> holds a value other than a new <see cref="TrainingOptions"/>'s.</summary>
    internal bool IsSetIn(TrainingOptions options) => !Same(options, OptionTraits.Defaults);

    /// <summary>The trait in words, as a test or a debugger shows it.</summary>
    public override string ToString() => $"{Property} ({Name}): {Role}, {(StoredInModelFile ? "stored" : "not stored")}, GPU {Gpu}";
}

/// <summary>An <see cref="OptionTrait"/> of a setting of type <typeparamref name="T"/>, read and set through delegates.</summary>
internal sealed class OptionTrait<T>(string property, IReadOnlyList<string> flags, OptionRole role, bool storedInModelFile, GpuSupport gpu,
    Func<TrainingOptions, T> get, Func<TrainingOptions, T, TrainingOptions> with)
    : OptionTrait(property, flags, role, storedInModelFile, gpu)
{
    public T Get(TrainingOptions options) => get(options);

    public override TrainingOptions CopyValue(TrainingOptions from, TrainingOptions to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return with(to, get(from));
    }

    internal override bool Same(TrainingOptions a, TrainingOptions b) => EqualityComparer<T>.Default.Equals(get(a), get(b));

    internal override string Show(TrainingOptions options) => get(options) switch
    {
        bool on => on ? "1" : "0",
        var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
