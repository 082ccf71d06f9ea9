namespace Word2VecNative.Training;

/// <summary>What a training thread needs of its worker, whichever step it runs: the generator (the sentence reader
/// draws the down-sampling from it), the step itself, publishing private rows, and the loss for the progress report.
/// The thread's loop is generic over a struct of this interface, so it calls the step directly.</summary>
internal interface ITrainingStep
{
    /// <summary>The worker's generator.</summary>
    ref CRandom Random { get; }

    /// <summary>The loss the worker summed so far (read from another thread).</summary>
    double Loss { get; }

    void TrainSentence(ReadOnlySpan<int> sentence, float alpha, float firstWordAlpha);

    /// <summary>Adds the worker's private rows into the shared matrix.</summary>
    void Publish();
}

/// <summary>The C tool's step (<see cref="TrainingWorker"/>) in the arithmetic <typeparamref name="TMath"/>, with the
/// register kernel of <typeparamref name="TWidth"/> for the output layers (<see cref="AnyWidth"/>: none).</summary>
internal readonly struct PairStep<TMath, TLoss, TWidth>(TrainingWorker worker) : ITrainingStep
    where TMath : struct, IVectorMath where TLoss : struct, ILossMode where TWidth : struct, IRowWidth
{
    public ref CRandom Random => ref worker.Random;

    public double Loss => Volatile.Read(ref worker.Loss);

    public void TrainSentence(ReadOnlySpan<int> sentence, float alpha, float firstWordAlpha) =>
        worker.TrainSentence<TMath, TLoss, TWidth>(sentence, alpha, firstWordAlpha);

    public void Publish() => worker.Publish();
}

/// <summary>The batched skip-gram step (<see cref="BatchedWorker"/>).</summary>
internal readonly struct BatchedStep<TLoss>(BatchedWorker worker) : ITrainingStep where TLoss : struct, ILossMode
{
    public ref CRandom Random => ref worker.Random;

    public double Loss => Volatile.Read(ref worker.Loss);

    public void TrainSentence(ReadOnlySpan<int> sentence, float alpha, float firstWordAlpha) =>
        worker.TrainSentence<TLoss>(sentence, alpha, firstWordAlpha);

    public void Publish() => worker.Publish();
}
