using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.ExceptionServices;
using Word2VecNative.Distributed;

namespace Word2VecNative.Training;

/// <summary>
/// One CPU training run, word2vec.c's TrainModel after the vocabulary: the shared matrices, then Hogwild threads
/// (word2vec.c's TrainModelThread) each reading its own byte range of the corpus for every epoch, cutting it into
/// sentences and training them with a <see cref="TrainingWorker"/>. The calling thread reports progress.
/// A run may start part-way through its plan (from a saved <see cref="TrainingState"/>: the word count, each
/// thread's rate and generator) and may stop after any epoch of it (<see cref="TrainingOptions.StopAfterEpoch"/>);
/// <see cref="Run"/> returns the state to continue from. With an epoch-end callback (<see cref="TrainingHooks.OnEpochEnd"/>)
/// the threads meet at the end of each epoch (an <see cref="EpochGate"/>) and the calling thread runs the callback;
/// without one they never wait for each other, as in C.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    /// <summary>Words a thread reads between two updates of the shared word count and the learning rate (C's 10000).</summary>
    private const int ClockWords = 10000;

    private readonly TrainingSetup _setup;
    private readonly ModelWeights _weights;
    private readonly long _fileSize;
    private readonly TrainingState? _start;
    private readonly int _firstEpoch;
    private int _endEpoch; // the run's last epoch; an epoch-end callback may bring it forward (the threads read it after each gate)
    private readonly TrainingHooks? _hooks;
    private readonly EpochGate? _gate;
    private readonly TrainingThreadState[] _threadStates;
    private readonly ITrainingStep?[] _workers;
    private long _wordCountActual;
    private float _alpha;
    private volatile bool _cancel;
    private CancellationToken _cancellation;
    private Exception? _failure;
    private readonly ICommunicator? _communicator;
    private ModelSynchronizer? _sync;
    /// <summary>This process's first thread among the threads of every process (rank × threads), and their number.</summary>
    private readonly int _firstThread;
    private readonly int _allThreads;

    /// <summary>A run of <paramref name="setup"/> on <paramref name="weights"/> (null: C's initial matrices), from the
    /// start of its plan or from <paramref name="start"/>.</summary>
    public TrainingRun(TrainingSetup setup, ModelWeights? weights = null, TrainingState? start = null, TrainingHooks? hooks = null)
    {
        _setup = setup;
        _hooks = hooks;
        var o = setup.Options;
        _communicator = hooks?.Communicator;
        if (_communicator != null)
        {
            if (hooks!.OnEpochEnd != null)
                throw new ArgumentException("an epoch-end callback cannot be used across processes: their epochs do not end at one moment", nameof(hooks));
            if (o.StopAfterEpoch != null)
                throw new ArgumentException("-stop-after cannot be used across processes: their epochs do not end at one moment", nameof(TrainingOptions.StopAfterEpoch));
            if (hooks.SyncPeriod <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(hooks), "the synchronisation period must be positive");
        }
        int ranks = _communicator?.Size ?? 1;
        _firstThread = (_communicator?.Rank ?? 0) * o.Threads;
        _allThreads = checked(ranks * o.Threads);
        if (hooks?.OnEpochEnd != null) _gate = new EpochGate(o.Threads);
        _start = start;
        _firstEpoch = start?.EpochsDone ?? 0;
        _endEpoch = o.StopAfterEpoch ?? o.Iterations;
        if (_endEpoch <= _firstEpoch)
            throw new Word2VecException($"-stop-after {_endEpoch}: epoch {_firstEpoch} of the {o.Iterations} planned is already done");

        using (var fs = setup.Corpus.Open()) _fileSize = fs.Length;
        _wordCountActual = start?.WordsProcessed ?? 0;
        var schedule = setup.LearningRate;
        _threadStates = new TrainingThreadState[o.Threads];
        for (int id = 0; id < _threadStates.Length; id++)
        {
            int global = _firstThread + id;
            _threadStates[id] = start != null && global < start.Threads.Count
                ? start.Threads[global]
                : new TrainingThreadState(setup.ThreadSeed(global), schedule.At(_wordCountActual));
        }
        _alpha = _threadStates[0].Alpha;
        _workers = new ITrainingStep?[o.Threads];
        _weights = weights ?? ModelWeights.Create(setup);
    }

    public ModelWeights Weights => _weights;

    /// <summary>Trains the epochs of this run and returns where the plan then stands; throws
    /// <see cref="OperationCanceledException"/> when cancelled, after the threads have stopped (each checks every
    /// sentence it reads). Progress and the epoch-end callback are called on this thread, in order.</summary>
    public TrainingState Run(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var o = _setup.Options;
        var logger = _hooks?.Logger;
        var workers = new Thread[o.Threads];
        for (int id = 0; id < workers.Length; id++)
        {
            int tid = id;
            workers[id] = new Thread(() => ThreadMain(tid)) { IsBackground = true, Name = $"word2vec-{id}" };
        }
        _cancellation = cancellationToken;
        if (_communicator != null)
        {
            var w = _weights;
            var matrices = new List<(float[], bool)> { (w.Syn0Array, false) };
            if (w.Syn1Array is { } syn1) matrices.Add((syn1, true)); // the inner nodes nearest the root: the last rows
            if (w.Syn1NegArray is { } syn1neg) matrices.Add((syn1neg, false));
            _sync = new ModelSynchronizer(_communicator, [.. matrices], _setup.Options.Size, _hooks!.SyncPeriod, _hooks.SyncWords, _wordCountActual,
                () => Interlocked.Read(ref _wordCountActual), Loss, Cancel);
            _sync.Start();
        }
        var reporter = new ProgressReporter(progress, logger, _setup, _wordCountActual, _endEpoch, _communicator?.Size ?? 1);
        int epoch = _firstEpoch;
        double lossBefore = 0;
        try
        {
            if (logger != null) TrainingLog.TrainingStarted(logger, o.Iterations, _setup.WordsPerEpoch, o.Threads, _firstEpoch + 1);
            foreach (var t in workers) t.Start();
            int next = 0;
            while (true)
            {
                while (next < workers.Length && !workers[next].IsAlive) next++;
                if (next == workers.Length) break;
                // Before the gate too: epochs shorter than the wait bring every thread back to it before the check below.
                if (cancellationToken.IsCancellationRequested) Cancel();
                if (_gate == null) workers[next].Join(100);
                else if (_gate.WaitForAll(100))
                {
                    epoch++;
                    lossBefore = EndEpoch(epoch, lossBefore, reporter, workers);
                    continue;
                }
                if (cancellationToken.IsCancellationRequested) Cancel();
                reporter.Report(Clock(Interlocked.Read(ref _wordCountActual)), Volatile.Read(ref _alpha), AllLoss(), complete: false);
            }
        }
        catch (Exception e)
        {
            // A progress report or the logger threw: the threads stop before the weights they write go.
            Cancel();
            foreach (var t in workers.Where(t => t.ThreadState != System.Threading.ThreadState.Unstarted)) t.Join();
            FinishAcrossProcesses(e);
            throw;
        }
        FinishAcrossProcesses(_failure);
        if (_failure != null) throw new Word2VecException($"training failed: {_failure.Message}", _failure);
        // Across processes a cancellation that came after the last round is too late: every rank has the model.
        if (_sync == null) cancellationToken.ThrowIfCancellationRequested();
        long done = Clock(Interlocked.Read(ref _wordCountActual));
        reporter.Report(done, Volatile.Read(ref _alpha), AllLoss(), complete: true, _endEpoch);
        if (logger != null)
        {
            double seconds = reporter.Elapsed.TotalSeconds;
            long words = done - (_start?.WordsProcessed ?? 0);
            TrainingLog.TrainingDone(logger, words, seconds, seconds > 0 ? words / seconds : 0);
        }
        return StateAt(_endEpoch, done);
    }

    /// <summary>Where the plan stands after <paramref name="epochsDone"/> of its epochs and <paramref name="done"/> words,
    /// from the thread states the threads saved at that point.</summary>
    private TrainingState StateAt(int epochsDone, long done)
    {
        long trainedBefore = _start?.EpochsTrained ?? 0;
        return new TrainingState(_setup.LearningRate, _setup.Options.Iterations, epochsDone, _setup.WordsPerEpoch, done,
            trainedBefore + epochsDone - _firstEpoch, [.. _threadStates]);
    }

    /// <summary>Every thread has finished <paramref name="epoch"/> and waits: calls the epoch-end callback, then lets the
    /// threads go on (or stop, when it asked to or this was the run's last epoch). Returns the loss so far.</summary>
    private double EndEpoch(int epoch, double lossBefore, ProgressReporter reporter, Thread[] workers)
    {
        long done = Interlocked.Read(ref _wordCountActual);
        double loss = Loss();
        reporter.Report(done, Volatile.Read(ref _alpha), loss, complete: false);
        var o = _setup.Options;
        var w = _weights;
        var info = new EpochEnd(epoch, o.Iterations, done, loss, loss - lossBefore, reporter.Elapsed, _setup.Vocabulary, o.Size, w.Syn0Array,
            () => new Word2VecModel(_setup.Vocabulary, Copy(w.Syn0Array)!, Copy(w.Syn1Array), Copy(w.Syn1NegArray),
                o with { StopAfterEpoch = null }, StateAt(epoch, done)))
        { IsLast = epoch >= _endEpoch };
        try
        {
            _hooks!.OnEpochEnd!(info);
        }
        catch (Exception e)
        {
            // The callback's own exception, thrown by the trainer once the threads have stopped.
            Cancel();
            foreach (var t in workers) t.Join();
            ExceptionDispatchInfo.Throw(e);
        }
        finally
        {
            info.Invalidate();
        }
        var logger = _hooks.Logger;
        if (logger != null) TrainingLog.EpochDone(logger, epoch, o.Iterations, done, loss, reporter.Elapsed.TotalSeconds);
        if (info.StopRequested && epoch < _endEpoch)
        {
            Volatile.Write(ref _endEpoch, epoch); // read by the threads after the gate opens
            if (logger != null) TrainingLog.StoppedEarly(logger, epoch, o.Iterations);
        }
        _gate!.Release();
        return loss;
    }

    private static float[]? Copy(float[]? a) => a == null ? null : (float[])a.Clone();

    /// <summary>The learning rate's clock: this process's words, or with other processes the sum over all of them.</summary>
    private long Clock(long localWords) => _sync?.Clock(localWords) ?? localWords;

    /// <summary>The loss of this process, or with other processes the sum over all of them.</summary>
    private double AllLoss() => _sync?.Loss(Loss()) ?? Loss();

    /// <summary>With other processes: tells them this one's threads have stopped (and why, if they failed or were
    /// cancelled) and waits for the last round, which throws, on every process, the failure of the lowest failed one.
    /// A cancelled process throws its own cancellation.</summary>
    private void FinishAcrossProcesses(Exception? failure)
    {
        if (_sync == null) return;
        string where = $"rank {_communicator!.Rank} of {_communicator.Size}";
        string? why = failure != null ? $"training failed on {where}: {failure.Message}"
            : _cancellation.IsCancellationRequested ? $"training was cancelled on {where}" : null;
        _sync.Finish(why);
        try
        {
            _sync.Wait();
            _hooks!.OnSynchronised?.Invoke(_sync.Summary);
        }
        catch (Word2VecException e) when (_cancellation.IsCancellationRequested)
        {
            // Every process knows the run ended (the exception says so); this one was cancelled.
            throw new OperationCanceledException("training was cancelled", e, _cancellation);
        }
    }

    /// <summary>Stops the threads: they return at their next sentence, and none waits at the epoch gate.</summary>
    private void Cancel()
    {
        _cancel = true;
        _gate?.Abort();
    }

    /// <summary>The loss summed by the workers so far (0 without <see cref="TrainingOptions.ComputeLoss"/>).</summary>
    private double Loss()
    {
        double sum = 0;
        foreach (var w in _workers)
        {
            if (w != null) sum += w.Loss;
        }
        return sum;
    }

    private void ThreadMain(int id)
    {
        try
        {
            var o = _setup.Options;
            ulong seed = _threadStates[id].Random;
            // Fast mode with several threads: the inner nodes nearest the Huffman root sit on almost every path, so
            // every thread would write their rows all the time and bounce the cache lines between cores; each thread
            // keeps its own copy of those rows instead and publishes its changes every few words.
            bool hotRows = o.Threads > 1 && o.Arithmetic != Arithmetic.Exact;
            if (o.Arithmetic == Arithmetic.Batched && !o.Cbow)
            {
                // Batched skip-gram; batched CBOW is the fast step (CBOW already trains one hidden vector per word).
                using var worker = new BatchedWorker(_weights, _setup, seed, hotRows);
                if (o.ComputeLoss) TrainThread(id, new BatchedStep<LossOn>(worker));
                else TrainThread(id, new BatchedStep<LossOff>(worker));
            }
            else
            {
                using var worker = new TrainingWorker(_weights, _setup, seed, hotRows);
                if (o.Arithmetic == Arithmetic.Exact)
                {
                    if (o.ComputeLoss) TrainThread(id, new PairStep<ScalarMath, LossOn, AnyWidth>(worker));
                    else TrainThread(id, new PairStep<ScalarMath, LossOff, AnyWidth>(worker));
                }
                else
                {
                    if (o.ComputeLoss) TrainThread(id, new PairStep<SimdMath, LossOn, AnyWidth>(worker));
                    else if (Vector512.IsHardwareAccelerated && o.Size >= 16 && o.Size < 144) TrainFastThread(id, worker, o.Size / 16);
                    else TrainThread(id, new PairStep<SimdMath, LossOff, AnyWidth>(worker));
                }
            }
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Cancel();
        }
        catch (Exception e)
        {
            _failure ??= e;
            Cancel();
        }
        finally
        {
            _gate?.Pulse();
        }
    }

    /// <summary>The fast mode's loop with the output layers' register kernel for rows of <paramref name="vectors"/> full
    /// 512-bit vectors (see <see cref="RegisterOutput{TWidth}"/>).</summary>
    private void TrainFastThread(int id, TrainingWorker worker, int vectors)
    {
        switch (vectors)
        {
            case 1: TrainThread(id, new PairStep<SimdMath, LossOff, Width1>(worker)); break;
            case 2: TrainThread(id, new PairStep<SimdMath, LossOff, Width2>(worker)); break;
            case 3: TrainThread(id, new PairStep<SimdMath, LossOff, Width3>(worker)); break;
            case 4: TrainThread(id, new PairStep<SimdMath, LossOff, Width4>(worker)); break;
            case 5: TrainThread(id, new PairStep<SimdMath, LossOff, Width5>(worker)); break;
            case 6: TrainThread(id, new PairStep<SimdMath, LossOff, Width6>(worker)); break;
            case 7: TrainThread(id, new PairStep<SimdMath, LossOff, Width7>(worker)); break;
            default: TrainThread(id, new PairStep<SimdMath, LossOff, Width8>(worker)); break;
        }
    }

    /// <summary>word2vec.c's TrainModelThread, for the epochs of this run.</summary>
    // Optimised from the first call, as every loop that runs for the length of a corpus is (the vocabulary, the GPU
    // host's encoding and launch loops, word2phrase): left to tiering, this method ran its first seconds unoptimised,
    // then an on-stack replacement compiled the running loop with the training step inlined into it, too large to
    // inline the step's vector helpers as well; the helpers stayed calls into their unoptimised first tier, and
    // training fell to a third of its speed about 25 s into a run, for the rest of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TrainThread<TStep>(int id, TStep worker) where TStep : struct, ITrainingStep
    {
        int threads = _allThreads;
        long start = _fileSize / threads * (_firstThread + id);
        long wordsPerThread = _setup.WordsPerEpoch / threads;
        var schedule = _setup.LearningRate;
        var state = _threadStates[id];
        Volatile.Write(ref _workers[id], worker);
        using var reader = _setup.OpenSentences(_cancellation);
        int[] sentence = new int[SentenceReader.MaxSentenceLength];
        float alpha = state.Alpha;
        for (int epoch = _firstEpoch; epoch < _endEpoch; epoch++)
        {
            reader.Seek(start);
            long lastWordCount = 0;
            while (true)
            {
                // Checked every sentence too, not only on the clock's beat: a thread's share of a small corpus may
                // be under ClockWords (with many epochs to go), and one sentence with a wide window is a long step.
                if (_cancel) return;
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
                    alpha = schedule.At(Clock(actual));
                    _sync?.Throttle(actual, () => _cancel);
                    Volatile.Write(ref _alpha, alpha);
                }
                worker.TrainSentence(sentence.AsSpan(0, length), alpha, firstWordAlpha);
            }
            worker.Publish();
            if (_gate != null)
            {
                // What the thread carries into the next epoch, for a snapshot or an early stop at this epoch's end.
                _threadStates[id] = new TrainingThreadState(worker.Random.State, alpha);
                if (!_gate.Arrive()) return;
                if (epoch + 1 >= Volatile.Read(ref _endEpoch)) return;
            }
        }
        _threadStates[id] = new TrainingThreadState(worker.Random.State, alpha);
    }

    public void Dispose() => _weights.Dispose();

    /// <summary>Turns the shared word count into <see cref="TrainingProgress"/> reports, on the run's calling thread, in
    /// order: at most one per change, and always a last one when the run completes (its last epoch then being the one
    /// it stopped after). The speeds count the words of this run only (a continued run starts at the words its plan had
    /// done); across <paramref name="processes"/> the words are all of theirs, and the rate per thread assumes each
    /// process's threads were as busy as this one's.</summary>
    private sealed class ProgressReporter(IProgress<TrainingProgress>? progress, Microsoft.Extensions.Logging.ILogger? logger,
        TrainingSetup setup, long startWords, int endEpoch, int processes)
    {
        private readonly double _cpuStart = ProcessorSeconds();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _last = -1;

        public TimeSpan Elapsed => _clock.Elapsed;

        public void Report(long done, float alpha, double loss, bool complete, int lastEpoch = 0)
        {
            if ((progress == null && logger == null) || (done == _last && !complete)) return;
            _last = done;
            double cpu = ProcessorSeconds() - _cpuStart;
            var elapsed = _clock.Elapsed;
            long words = done - startWords;
            double speed = elapsed.TotalSeconds > 0 ? words / elapsed.TotalSeconds : 0;
            long end = Math.Min(setup.LearningRate.TotalWords, endEpoch * Math.Max(1, setup.WordsPerEpoch));
            TimeSpan? remaining = complete ? TimeSpan.Zero
                : speed > 0 ? TimeSpan.FromSeconds(Math.Max(0, end - done) / speed) : null;
            var p = TrainingProgress.Create(setup, alpha, done, words / (cpu + 1e-6) / processes, complete)
                with
            { Loss = loss, WordsPerSecond = speed, Elapsed = elapsed, Remaining = remaining };
            if (complete) p = p with { Epoch = lastEpoch };
            if (logger != null) TrainingLog.Progress(logger, p.Percent, p.Alpha, speed, elapsed, remaining);
            progress?.Report(p);
        }

        private static double ProcessorSeconds()
        {
            using var p = Process.GetCurrentProcess();
            return p.TotalProcessorTime.TotalSeconds;
        }
    }
}
