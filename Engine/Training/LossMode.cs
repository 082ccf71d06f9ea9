namespace Word2VecNative.Training;

/// <summary>Whether the training step sums the loss (<see cref="TrainingOptions.ComputeLoss"/>). The step is generic over
/// a struct of this interface, so the choice is made once per run: with <see cref="LossOff"/> the loss code is not
/// compiled into the step at all.</summary>
internal interface ILossMode
{
    /// <summary>True when the step sums the loss.</summary>
    static abstract bool Enabled { get; }
}

/// <summary>The step without the loss (the default).</summary>
internal struct LossOff : ILossMode
{
    public static bool Enabled => false;
}

/// <summary>The step summing the loss gensim's <c>compute_loss</c> reports (see <see cref="TrainingProgress.Loss"/>).</summary>
internal struct LossOn : ILossMode
{
    public static bool Enabled => true;
}
