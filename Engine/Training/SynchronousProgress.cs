namespace Word2VecNative.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once, on the thread that reports: training reports from
/// one thread (the trainer's caller, or <see cref="Trainer.TrainAsync(TrainingOptions, TrainingCorpus, Vocab.Vocabulary?, IProgress{TrainingProgress}?, CancellationToken, TrainingHooks?)"/>'s
/// own), so the handler sees the reports in order, one at a time. <see cref="Progress{T}"/> instead posts each report
/// to the synchronization context it was made on, or without one to the thread pool, where two reports may run at once
/// and out of order (a progress line printed from there can go backwards); use it where the handler must run on a UI
/// thread.
/// </summary>
/// <typeparam name="T">The report's type.</typeparam>
/// <param name="handler">Called with each report.</param>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Action<T> _handler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <summary>Calls the handler with <paramref name="value"/>, now.</summary>
    public void Report(T value) => _handler(value);
}
