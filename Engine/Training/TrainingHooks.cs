using Microsoft.Extensions.Logging;

namespace Word2VecNative.Training;

/// <summary>
/// What a CPU training run calls besides <see cref="IProgress{T}"/>: gensim's <c>on_epoch_end</c> callbacks (to
/// checkpoint, evaluate or stop early) and a logger for what the command prints (the vocabulary's size, the words of
/// the corpus, epochs, timings).
/// <para>An <see cref="OnEpochEnd"/> makes the training threads meet at the end of every epoch: each finishes its share
/// of the epoch and waits; the callback runs on the thread that called the trainer (the thread that reports progress),
/// with every training thread stopped, so the vectors it sees are those of the end of that epoch; then the threads go
/// on. The C tool's threads never wait for each other (a fast thread starts its next epoch while a slow one finishes
/// this one), so with several threads this costs the time the slowest thread takes to catch up, once an epoch. With one
/// thread nothing changes: in <see cref="Arithmetic.Exact"/> the result is the same bytes with or without the callback.
/// Without <see cref="OnEpochEnd"/> the threads run as C's do, without meeting.</para>
/// </summary>
public sealed class TrainingHooks
{
    /// <summary>Called once at the end of every epoch the run trains, in order, on the trainer's calling thread, while
    /// the training threads wait. <see cref="EpochEnd.Stop"/> ends the run after this epoch: the model is then the one
    /// <see cref="TrainingOptions.StopAfterEpoch"/> at this epoch gives, and can be continued the same way. An
    /// exception thrown here stops the threads and is thrown by the trainer.</summary>
    public Action<EpochEnd>? OnEpochEnd { get; init; }

    /// <summary>Where the run logs: at <see cref="LogLevel.Information"/> the vocabulary learnt (its words, and the words
    /// of the corpus), each epoch's end (its words, loss and time) and the end of training (words, seconds, words per
    /// second); at <see cref="LogLevel.Debug"/> each progress report. Null logs nothing.</summary>
    public ILogger? Logger { get; init; }
}
