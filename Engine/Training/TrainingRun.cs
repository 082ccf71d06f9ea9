using System.Diagnostics;

namespace Word2VecNative.Training;

/// <summary>
/// One CPU training run, word2vec.c's TrainModel after the vocabulary: the shared matrices, then Hogwild threads
/// (word2vec.c's TrainModelThread) each reading its own byte range of the corpus for every epoch, cutting it into
/// sentences and training them with a <see cref="TrainingWorker"/>. The calling thread reports progress.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    /// <summary>Words a thread reads between two updates of the shared word count and the learning rate (C's 10000).</summary>
    private const int ClockWords = 10000;

    private readonly TrainingSetup _setup;
    private readonly ModelWeights _weights;
    private readonly long _fileSize;
    private long _wordCountActual;
    private float _alpha;
    private volatile bool _cancel;
    private Exception? _failure;

    public TrainingRun(TrainingSetup setup)
    {
        _setup = setup;
        using (var fs = setup.Corpus.Open()) _fileSize = fs.Length;
        _weights = ModelWeights.Create(setup);
        _alpha = setup.LearningRate.Starting;
    }

    public ModelWeights Weights => _weights;

    /// <summary>Trains all epochs; throws <see cref="OperationCanceledException"/> when cancelled, after the threads
    /// have stopped (each checks every <see cref="ClockWords"/> words it reads).</summary>
    public void Run(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var o = _setup.Options;
        var workers = new Thread[o.Threads];
        for (int id = 0; id < workers.Length; id++)
        {
            int tid = id;
            workers[id] = new Thread(() => ThreadMain(tid)) { IsBackground = true, Name = $"word2vec-{id}" };
        }
        var reporter = new ProgressReporter(progress, _setup);
        foreach (var t in workers) t.Start();
        foreach (var t in workers)
        {
            while (!t.Join(100))
            {
                if (cancellationToken.IsCancellationRequested) _cancel = true;
                reporter.Report(Interlocked.Read(ref _wordCountActual), Volatile.Read(ref _alpha), complete: false);
            }
        }
        if (_failure != null) throw new Word2VecException($"ERROR: training failed: {_failure.Message}", _failure);
        cancellationToken.ThrowIfCancellationRequested();
        reporter.Report(Interlocked.Read(ref _wordCountActual), Volatile.Read(ref _alpha), complete: true);
    }

    private void ThreadMain(int id)
    {
        try
        {
            if (_setup.Options.Arithmetic == Arithmetic.Exact) TrainThread<ScalarMath>(id);
            else TrainThread<SimdMath>(id);
        }
        catch (Exception e)
        {
            _failure ??= e;
            _cancel = true;
        }
    }

    /// <summary>word2vec.c's TrainModelThread.</summary>
    private void TrainThread<TMath>(int id) where TMath : struct, IVectorMath
    {
        var o = _setup.Options;
        int threads = o.Threads;
        long start = _fileSize / threads * id;
        long wordsPerThread = _setup.Vocabulary.TrainWords / threads;
        var schedule = _setup.LearningRate;
        // Fast mode with several threads: the inner nodes nearest the Huffman root sit on almost every path, so
        // every thread would write their rows all the time and bounce the cache lines between cores; each thread
        // keeps its own copy of those rows instead and publishes its changes every few words.
        bool hotRows = threads > 1 && o.Arithmetic == Arithmetic.Fast;
        using var worker = new TrainingWorker(_weights, _setup, (ulong)id, hotRows);
        using var reader = _setup.OpenSentences();
        int[] sentence = worker.Sentence;
        float alpha = schedule.Starting;
        for (int epoch = 0; epoch < o.Iterations; epoch++)
        {
            reader.Seek(start);
            long lastWordCount = 0;
            while (true)
            {
                int length = reader.Read(sentence, ref worker.Random);
                long wordCount = reader.WordsRead;
                if (reader.EndOfFile || wordCount > wordsPerThread)
                {
                    Interlocked.Add(ref _wordCountActual, wordCount - lastWordCount);
                    break;
                }
                float firstWordAlpha = alpha;
                if (wordCount - lastWordCount > ClockWords)
                {
                    long actual = Interlocked.Add(ref _wordCountActual, wordCount - lastWordCount);
                    lastWordCount = wordCount;
                    alpha = schedule.At(actual);
                    Volatile.Write(ref _alpha, alpha);
                    if (_cancel) return;
                }
                worker.TrainSentence<TMath>(sentence.AsSpan(0, length), alpha, firstWordAlpha);
            }
            worker.Publish();
        }
    }

    public void Dispose() => _weights.Dispose();

    /// <summary>Turns the shared word count into <see cref="TrainingProgress"/> reports: at most one per change, and
    /// always a last one when training completes.</summary>
    private sealed class ProgressReporter(IProgress<TrainingProgress>? progress, TrainingSetup setup)
    {
        private readonly double _cpuStart = ProcessorSeconds();
        private long _last = -1;

        public void Report(long done, float alpha, bool complete)
        {
            if (progress == null || (done == _last && !complete)) return;
            _last = done;
            double cpu = ProcessorSeconds() - _cpuStart;
            progress.Report(TrainingProgress.Create(setup, alpha, done, done / (cpu + 1e-6), complete));
        }

        private static double ProcessorSeconds()
        {
            using var p = Process.GetCurrentProcess();
            return p.TotalProcessorTime.TotalSeconds;
        }
    }
}
