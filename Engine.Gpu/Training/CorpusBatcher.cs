using System.Collections.Concurrent;
using Word2VecNative.Text;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Gpu.Training;

/// <summary>
/// Reads the corpus once per epoch on a background thread and cuts it into sentences as word2vec.c does
/// (out-of-vocabulary words skipped, &lt;/s&gt; ends a sentence, subsampling with C's keep thresholds, at most
/// 1000 kept words per sentence), packing them into batches from a small pool. The file is streamed, never held
/// whole: at most <see cref="PoolSize"/> batches exist at a time.
/// </summary>
internal sealed class CorpusBatcher : IDisposable
{
    public const int PoolSize = 4;

    private readonly BlockingCollection<SentenceBatch> _ready = new(PoolSize);
    private readonly BlockingCollection<SentenceBatch> _free = new(PoolSize);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _failure;

    public CorpusBatcher(string path, Vocabulary vocab, float sample, int iterations, int maxWords, int maxSentences)
    {
        for (int i = 0; i < PoolSize; i++) _free.Add(new SentenceBatch(maxWords, maxSentences));
        var keep = TrainingRun.SubsamplingThresholds(vocab, sample);
        _thread = new Thread(() => Produce(path, vocab, sample, keep, iterations)) { IsBackground = true, Name = "word2vec-gpu-reader" };
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

    private void Produce(string path, Vocabulary vocab, float sample, float[] keep, int iterations)
    {
        var ct = _stop.Token;
        try
        {
            var rnd = new CRandom(0);
            var sen = new int[TrainingRun.MaxSentenceLength];
            long sentenceIndex = 0;
            var batch = _free.Take(ct);
            batch.Clear();
            batch.FirstSentence = 0;
            long readInBatch = 0;
            for (int epoch = 0; epoch < iterations; epoch++)
            {
                using var reader = new WordReader(Trainer.OpenCorpus(path));
                while (!reader.EndOfFile)
                {
                    int len = 0;
                    long readBefore = readInBatch;
                    while (reader.ReadWord(out var w))
                    {
                        int word = vocab.Search(w);
                        if (word == -1) continue;
                        readInBatch++;
                        if (word == 0) break;
                        if (sample > 0)
                        {
                            ulong r = rnd.Next();
                            if (keep[word] < (r & 0xFFFF) / (float)65536) continue;
                        }
                        sen[len++] = word;
                        if (len >= TrainingRun.MaxSentenceLength) break;
                    }
                    if (len > 0)
                    {
                        batch.Add(sen.AsSpan(0, len), (int)readBefore);
                        sentenceIndex++;
                    }
                    if (batch.Full)
                    {
                        batch.WordsRead = readInBatch;
                        _ready.Add(batch, ct);
                        batch = _free.Take(ct);
                        batch.Clear();
                        batch.FirstSentence = sentenceIndex;
                        readInBatch = 0;
                    }
                }
            }
            batch.WordsRead = readInBatch;
            if (batch.Sentences > 0 || readInBatch > 0) _ready.Add(batch, ct);
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
