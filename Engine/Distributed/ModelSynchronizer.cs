using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using Word2VecNative.Training;

namespace Word2VecNative.Distributed;

/// <summary>
/// Keeps the weights of the ranks of a run across processes together while they train, from a thread of its own, so
/// that the training threads never wait for the network. Rounds follow each other every tenth of the period
/// (<see cref="HotRoundsPerFull"/>), or, when a round took more than half of that, twice as long as it took after it
/// started, so that the exchange is busy at most half the time. In every round:
/// <list type="number">
/// <item>the ranks add up their words trained since the last round (the learning rate's clock is the sum over the
/// ranks, as C's <c>word_count_actual</c> is over threads), their loss and whether they are done or failed;</item>
/// <item>each rank adds up, block by block, what its training changed since the last round (<c>current - last</c>)
/// in the most trained rows of each matrix (<see cref="DefaultHotRows"/>: the most frequent words' rows of the input
/// and negative-sampling matrices, the inner nodes nearest the Huffman root), or in every row once a period has
/// passed since the last such round (pWord2Vec's scheme: the rows every rank changes all the time are the ones that
/// suffer from being stale); it adds to its own rows what the other ranks changed (<c>sum - own</c>), and the last
/// synchronised rows become <c>last + sum</c>.</item>
/// </list>
/// Every rank so trains one model, as Hogwild threads of one process do, seeing the others' updates a round late. The
/// sum overshoots on the rows every rank trains, the more so the more the others trained since the last round, so a
/// training thread waits (<see cref="Throttle"/>) once its rank has trained its share of <c>SyncWords</c> since then.
/// Updates a training thread makes while its block is exchanged are kept (the exchange adds to the rows; only a write
/// that lands between the read and the write of that addition is lost, as Hogwild's threads lose each other's).
/// The round in which every rank is done is the last, of every row: every rank then holds <c>last + sum</c>, the same
/// model. Memory: one more copy of each matrix (the last synchronised), and two blocks.
/// </summary>
internal sealed class ModelSynchronizer
{
    /// <summary>Floats of one block of an exchange (16 MB): few blocks, as each is a collective call that waits for
    /// the slowest rank's thread.</summary>
    internal const int BlockFloats = 1 << 22;

    /// <summary>Rows of each matrix every round exchanges (pWord2Vec's -min-sync-words): the most trained ones.</summary>
    internal const int DefaultHotRows = 1024;

    /// <summary>Rounds of the hot rows alone per round of every row.</summary>
    internal const int HotRoundsPerFull = 10;

    /// <summary>A matrix being trained, the same as every rank synchronised it last, and where its hot rows are.</summary>
    private sealed record Matrix(float[] Current, float[] Last, bool HotAtEnd);

    private readonly ICommunicator _communicator;
    private readonly Matrix[] _matrices;
    private readonly int _hotRows;
    private readonly TimeSpan _period;
    private readonly Func<long> _localWords;
    private readonly Func<double> _localLoss;
    private readonly Action _stopTraining;
    private readonly Thread _thread;
    private readonly int _rowLength;
    private readonly float[] _own;
    private readonly float[] _sum;
    private readonly object _lock = new(); // Monitor.Wait needs a Monitor, not a System.Threading.Lock
    private long _globalWords;
    private long _highestClock;
    private long _localAtRound;
    private double _globalLoss;
    private double _localLossAtRound;
    private bool _done;
    private bool _final;
    private bool _ended; // the loop has returned (failed or done): nobody waits for a round any more
    private readonly long _maxStaleWords;
    private string? _failure;
    private Exception? _error;

    /// <summary>Rounds exchanged so far.</summary>
    public int Rounds { get; private set; }

    /// <summary>Rounds of them that exchanged every row.</summary>
    public int FullRounds { get; private set; }

    /// <summary>Bytes of matrices this rank passed to the reduction, over every round.</summary>
    public long BytesReduced { get; private set; }

    /// <summary>Seconds the exchanges of the weights took, over every round.</summary>
    public double ExchangeSeconds { get; private set; }

    /// <summary>A synchroniser of <paramref name="matrices"/> (rows of <paramref name="rowLength"/> floats; each with
    /// whether its most trained rows are its last, as the inner nodes near the Huffman root are, or its first, as the
    /// most frequent words are).</summary>
    public ModelSynchronizer(ICommunicator communicator, (float[] Matrix, bool HotAtEnd)[] matrices, int rowLength, TimeSpan period, long syncWords,
        long startWords, Func<long> localWords, Func<double> localLoss, Action stopTraining, int hotRows = DefaultHotRows)
    {
        // The other ranks together train at most syncWords words that this one has not seen.
        _maxStaleWords = syncWords <= 0 || communicator.Size < 2 ? long.MaxValue : Math.Max(1, syncWords / (communicator.Size - 1));
        _hotRows = hotRows;
        _rowLength = rowLength;
        int block = Math.Max(1, BlockFloats / rowLength) * rowLength;
        _own = new float[block];
        _sum = new float[block];
        _communicator = communicator;
        // Every rank starts from rank 0's weights (they are equal already when every rank set them up alike).
        foreach (var (m, _) in matrices) BroadcastFloats(m);
        _matrices = [.. matrices.Select(m => new Matrix(m.Matrix, (float[])m.Matrix.Clone(), m.HotAtEnd))];
        _period = period;
        _localWords = localWords;
        _localLoss = localLoss;
        _stopTraining = stopTraining;
        _globalWords = startWords;
        _localAtRound = startWords;
        _thread = new Thread(Loop) { IsBackground = true, Name = "word2vec-sync" };
    }

    public void Start() => _thread.Start();

    /// <summary>The learning rate's clock: the words every rank had trained at the last round (the run's starting
    /// words included), plus what this rank has trained since (<paramref name="localWords"/> is its count) times the
    /// ranks (the others' likely progress). It never goes back: an estimate the next round finds too high holds until
    /// the count catches up.</summary>
    public long Clock(long localWords)
    {
        long global, atRound;
        bool final;
        lock (_lock) (global, atRound, final) = (_globalWords, _localAtRound, _final);
        if (final) return global; // every rank's count, exact
        long estimate = global + Math.Max(0, localWords - atRound) * _communicator.Size;
        long highest = Interlocked.Read(ref _highestClock);
        while (estimate > highest)
        {
            long seen = Interlocked.CompareExchange(ref _highestClock, estimate, highest);
            if (seen == highest) return estimate;
            highest = seen;
        }
        return highest;
    }

    /// <summary>Holds a training thread of this rank while the rank has trained more than the bound
    /// words since the last round started (bounded staleness: a slow network or a crowded host slows training instead
    /// of letting the ranks drift apart), until the next round or the end of the run.</summary>
    public void Throttle(long localWords, Func<bool> stopped)
    {
        lock (_lock)
        {
            while (!_done && !_final && !_ended && localWords - _localAtRound > _maxStaleWords && !stopped())
            {
                Monitor.Wait(_lock, 10);
            }
        }
    }

    /// <summary>The loss over the ranks: the sum at the last round plus this rank's since.</summary>
    public double Loss(double localLoss)
    {
        lock (_lock) return _globalLoss + (localLoss - _localLossAtRound);
    }

    /// <summary>The training threads of this rank have stopped (<paramref name="failure"/>: why, when they failed or
    /// were cancelled): the next round tells the others.</summary>
    public void Finish(string? failure)
    {
        lock (_lock)
        {
            _failure ??= failure;
            _done = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits for the last round. Throws the failure of the lowest failed rank, on every rank.</summary>
    public void Wait()
    {
        _thread.Join();
        if (_error != null) throw _error is Word2VecException ? _error : new Word2VecException($"training across processes failed: {_error.Message}", _error);
    }

    /// <summary>What the rounds did, once <see cref="Wait"/> has returned.</summary>
    public SyncSummary Summary => new(_communicator.Size, Rounds, FullRounds, BytesReduced, ExchangeSeconds);

    private void Loop()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var sinceFull = Stopwatch.StartNew();
            TimeSpan lastHot = TimeSpan.Zero, lastFull = TimeSpan.Zero;
            int hotSinceFull = 0;
            var header = new double[4 + _communicator.Size];
            var hotPeriod = _period / HotRoundsPerFull;
            while (true)
            {
                // From the last round's start: the period, or twice what the round took (busy half the time at most).
                // Rounds of hot rows every tenth of the period, or twice as far apart as the last one took; a round of
                // every row once the period has passed, after nine of hot rows, and twice as far apart as the last
                // one took: each kind is busy at most half of the time, and a slow full round never holds back the
                // hot rows, which go stale fastest.
                var wait = hotPeriod > 2 * lastHot ? hotPeriod : 2 * lastHot;
                bool done;
                string? failure;
                lock (_lock)
                {
                    while (!_done)
                    {
                        var left = wait - clock.Elapsed;
                        if (left <= TimeSpan.Zero) break;
                        Monitor.Wait(_lock, left);
                    }
                    (done, failure) = (_done, _failure);
                }
                clock.Restart();
                long local = _localWords();
                double loss = _localLoss();
                Array.Clear(header);
                header[0] = local - _localAtRound;
                header[1] = loss - _localLossAtRound;
                header[2] = done ? 1 : 0;
                header[3] = hotSinceFull >= HotRoundsPerFull - 1 && sinceFull.Elapsed >= (_period > 2 * lastFull ? _period : 2 * lastFull) ? 1 : 0;
                if (failure != null) header[4 + _communicator.Rank] = 1;
                _communicator.AllreduceSum(header);
                lock (_lock)
                {
                    _globalWords += (long)header[0];
                    _localAtRound = local;
                    _globalLoss += header[1];
                    _localLossAtRound = loss;
                }
                int failed = Array.FindIndex(header, 4, x => x > 0);
                if (failed >= 0)
                {
                    _stopTraining();
                    int rank = failed - 4;
                    byte[] message = Collective.BroadcastBytes(_communicator, rank == _communicator.Rank ? Encoding.UTF8.GetBytes(failure!) : null, rank);
                    _error = Collective.Everywhere(Encoding.UTF8.GetString(message));
                    return;
                }
                bool last = (int)header[2] == _communicator.Size;
                bool full = last || header[3] > 0;
                var exchange = Stopwatch.StartNew();
                foreach (var m in _matrices)
                {
                    int rows = m.Current.Length / _rowLength;
                    int hot = Math.Min(rows, _hotRows);
                    // The Huffman tree's root is row rows - 2 (the last row is never a node).
                    int firstHot = m.HotAtEnd ? Math.Max(0, rows - 1 - hot) : 0;
                    if (full) Exchange(m.Current, m.Last, last, 0, rows);
                    else Exchange(m.Current, m.Last, false, firstHot, hot);
                }
                ExchangeSeconds += exchange.Elapsed.TotalSeconds;
                Rounds++;
                lock (_lock) Monitor.PulseAll(_lock);
                if (full)
                {
                    FullRounds++;
                    sinceFull.Restart();
                    lastFull = clock.Elapsed;
                    hotSinceFull = 0;
                }
                else
                {
                    lastHot = clock.Elapsed;
                    hotSinceFull++;
                }
                if (last)
                {
                    lock (_lock) _final = true;
                    return;
                }
            }
        }
        catch (Exception e)
        {
            _error = e;
            _stopTraining();
        }
        finally
        {
            lock (_lock)
            {
                _ended = true;
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <summary>One matrix's round, block by block of whole rows (see the class).</summary>
    private void Exchange(float[] current, float[] last, bool final, int firstRow, int rowCount)
    {
        int rowsPerBlock = Math.Max(1, BlockFloats / _rowLength);
        long end = (long)(firstRow + rowCount) * _rowLength;
        for (long at = (long)firstRow * _rowLength; at < end; at += (long)rowsPerBlock * _rowLength)
        {
            int n = (int)Math.Min((long)rowsPerBlock * _rowLength, end - at);
            var c = current.AsSpan((int)at, n);
            var l = last.AsSpan((int)at, n);
            var own = _own.AsSpan(0, n);
            var sum = _sum.AsSpan(0, n);
            TensorPrimitives.Subtract(c, l, own);
            own.CopyTo(sum);
            _communicator.AllreduceSum(sum);
            BytesReduced += (long)sum.Length * sizeof(float);
            var change = sum;
            if (final)
            {
                // The training threads have stopped: every rank ends with the same last + change.
                TensorPrimitives.Add(l, change, l);
                l.CopyTo(c);
            }
            else
            {
                TensorPrimitives.Add(l, change, l);
                TensorPrimitives.Subtract(change, own, own);
                TensorPrimitives.Add(c, own, c);
            }
        }
    }

    private void BroadcastFloats(float[] matrix)
    {
        for (long at = 0; at < matrix.Length; at += BlockFloats)
        {
            var block = matrix.AsSpan((int)at, (int)Math.Min(BlockFloats, matrix.Length - at));
            _communicator.Broadcast(System.Runtime.InteropServices.MemoryMarshal.AsBytes(block), 0);
        }
    }
}

/// <summary>What a run's synchronisation did on one rank: its rounds (of them, those of every row), the bytes this rank
/// passed to the reduction and the seconds the exchanges took.</summary>
internal readonly record struct SyncSummary(int Ranks, int Rounds, int FullRounds, long BytesReduced, double ExchangeSeconds)
{
    /// <summary>The line the command prints after training (-debug 1 and up, rank 0).</summary>
    public string ToLine() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Synchronised {Ranks} ranks in {Rounds} rounds ({FullRounds} of every row): {BytesReduced / 1e6:F1} MB reduced, {ExchangeSeconds:F3} s exchanging\n");
}
