using Microsoft.Extensions.Logging;

namespace Word2VecNative.Training;

/// <summary>The messages a training run logs through <see cref="TrainingHooks.Logger"/> (what the command prints, in
/// words of its own: the command keeps printing the C tool's lines itself).</summary>
internal static partial class TrainingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Vocabulary learnt: {VocabularySize} words; {TrainWords} words in the training file")]
    public static partial void VocabularyLearnt(ILogger logger, int vocabularySize, long trainWords);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Training {Epochs} epochs of {WordsPerEpoch} words with {Threads} threads, from epoch {FirstEpoch}")]
    public static partial void TrainingStarted(ILogger logger, int epochs, long wordsPerEpoch, int threads, int firstEpoch);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Progress {Percent:F2}%: alpha {Alpha:F6}, {WordsPerSecond:F0} words/s, elapsed {Elapsed}, remaining {Remaining}")]
    public static partial void Progress(ILogger logger, float percent, float alpha, double wordsPerSecond, TimeSpan elapsed, TimeSpan? remaining);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Epoch {Epoch} of {Epochs} done: {WordsProcessed} words, loss {Loss}, {Seconds:F3} s")]
    public static partial void EpochDone(ILogger logger, int epoch, int epochs, long wordsProcessed, double loss, double seconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Training stopped after epoch {Epoch} of {Epochs}, as the epoch-end callback asked")]
    public static partial void StoppedEarly(ILogger logger, int epoch, int epochs);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Training done: {Words} words in {Seconds:F3} s, {WordsPerSecond:F0} words/s")]
    public static partial void TrainingDone(ILogger logger, long words, double seconds, double wordsPerSecond);
}
