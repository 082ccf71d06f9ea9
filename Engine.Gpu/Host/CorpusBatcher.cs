using System.Collections.Concurrent;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// Reads the corpus once per epoch on a background thread with the engine's <see cref="SentenceReader"/> (the
/// sentences, down-sampling and word clock of the CPU trainer; down-sampling draws from one generator seeded
/// with 0) and packs the sentences into batches from a small pool, each sentence with its rate from the run's
/// <see cref="LearningRateSchedule"/>. The file is streamed, never held whole: at most <see cref="PoolSize"/>
/// batches exist at a time. Unlike a CPU thread, a last sentence cut off by the end of the file is kept.
/// </summary>
internal sealed class CorpusBatcher : IDisposable
{
    public const int PoolSize = 4;

    private readonly BlockingCollection<SentenceBatch> _ready = new(PoolSize);
    private readonly BlockingCollection<SentenceBatch> _free = new(PoolSize);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _failure;

    public CorpusBatcher(TrainingSetup setup, int maxWords, int maxSentences)
    {
        for (int i = 0; i < PoolSize; i++) _free.Add(new SentenceBatch(maxWords, maxSentences));
        _thread = new Thread(() => Produce(setup)) { IsBackground = true, Name = "word2vec-gpu-reader" };
        _thread.Start();
    }

    /// <summary>The next full batch, or null at the end of the last epoch.</summary>
    public SentenceBatch? Next(CancellationToken cancellationToken)
    {
        try
        {
            if (_ready.TryTake(out var b, Timeout.Infinite, cancellationToken)) return b;
        }
        catch (InvalidOperationException)
        {
        }
        if (_failure != null) throw _failure is Word2VecException ? _failure : new Word2VecException($"ERROR: reading the training data failed: {_failure.Message}", _failure);
        return null;
    }

    /// <summary>Gives a batch back once the device no longer reads it.</summary>
    public void Return(SentenceBatch batch) => _free.Add(batch);

    private void Produce(TrainingSetup setup)
    {
        var ct = _stop.Token;
        try
        {
            var schedule = setup.LearningRate;
            var rnd = new CRandom(0);
            var sentence = new int[SentenceReader.MaxSentenceLength];
            long sentenceIndex = 0, clock = 0;
            var batch = _free.Take(ct);
            batch.Clear();
            batch.FirstSentence = 0;
            using var reader = setup.OpenSentences();
            for (int epoch = 0; epoch < setup.Options.Iterations; epoch++)
            {
                reader.Seek(0);
                long readBefore = 0;
                while (!reader.EndOfFile)
                {
                    float alpha = schedule.At(clock);
                    int length = reader.Read(sentence, ref rnd);
                    clock += reader.WordsRead - readBefore;
                    batch.WordsRead += reader.WordsRead - readBefore;
                    readBefore = reader.WordsRead;
                    if (length > 0)
                    {
                        batch.Add(sentence.AsSpan(0, length), alpha);
                        sentenceIndex++;
                    }
                    if (batch.Full)
                    {
                        _ready.Add(batch, ct);
                        batch = _free.Take(ct);
                        batch.Clear();
                        batch.FirstSentence = sentenceIndex;
                    }
                }
            }
            if (batch.Sentences > 0 || batch.WordsRead > 0) _ready.Add(batch, ct);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _ready.Dispose();
        _free.Dispose();
    }
}
