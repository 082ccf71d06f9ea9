using Microsoft.Extensions.Logging;
using Word2VecNative.Distributed;

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

    /// <summary>
    /// Trains one model across the processes of <see cref="ICommunicator"/> (MPI's ranks, say: <see cref="MpiCommunicator"/>),
    /// data parallel: every process calls the trainer with the same options and a corpus of the same bytes (a file on a
    /// shared path, or a copy on each host). Rank 0 learns the vocabulary and sends it to the others (a vocabulary
    /// passed to the trainer is used on rank 0 alone); each process trains its share of the corpus (the byte ranges C's
    /// threads would read if there were <see cref="TrainingOptions.Threads"/> × ranks of them) with its own threads;
    /// the processes add up each other's changes to the weights every <see cref="SyncPeriod"/>, and the learning rate follows the words trained by all of them. Every process
    /// returns the same model. Settings or corpora that differ between ranks, and an error on any rank, end the run on
    /// every rank with one <see cref="Word2VecException"/>. Not with <see cref="OnEpochEnd"/> or
    /// <see cref="TrainingOptions.StopAfterEpoch"/> (epochs do not end at one moment across processes). Null (the
    /// default): one process.
    /// </summary>
    public ICommunicator? Communicator { get; init; }

    /// <summary>With a <see cref="Communicator"/>: how often the processes add up their changes to every row of the
    /// weights; the 1024 most trained rows of each matrix (the most frequent words', the inner nodes nearest the Huffman
    /// root) are added up ten times as often. A round that took more than half its share of the period delays the next
    /// one, so that the exchange is busy at most half the time. Default 0.1 s (pWord2Vec's -sync-period).</summary>
    public TimeSpan SyncPeriod { get; init; } = DefaultSyncPeriod;

    /// <summary>With a <see cref="Communicator"/>: the most words the other processes together train before this one
    /// sees their changes to the most trained rows. A process that gets that far ahead of the last round waits for the
    /// next (bounded staleness): without a bound, processes that synchronise too seldom for how fast they train (a slow
    /// network, a crowded host, many processes) add up changes made against stale rows, and training diverges. Default
    /// 50,000 (see README, Training on several machines); 0 sets no bound.</summary>
    public long SyncWords { get; init; } = DefaultSyncWords;

    /// <summary>The default of <see cref="SyncWords"/>: 50,000.</summary>
    public const long DefaultSyncWords = 50_000;

    /// <summary>With a <see cref="Communicator"/>: receives, after training, what the synchronisation did (the command
    /// prints it).</summary>
    internal Action<SyncSummary>? OnSynchronised { get; init; }

    /// <summary>The default of <see cref="SyncPeriod"/>: 0.1 s.</summary>
    public static readonly TimeSpan DefaultSyncPeriod = TimeSpan.FromSeconds(0.1);
}
