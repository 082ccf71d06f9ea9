namespace Word2VecNative.Training;

/// <summary>
/// Where the training threads meet at the end of each epoch when a run has an epoch-end callback (see
/// <see cref="TrainingHooks"/>): each thread <see cref="Arrive"/>s and waits; the thread that reports progress sees,
/// with <see cref="WaitForAll"/>, that all have arrived, calls the callback, and <see cref="Release"/>s them.
/// <see cref="Abort"/> (cancellation, a failure) lets every waiting thread go at once.
/// </summary>
internal sealed class EpochGate(int threads)
{
    private readonly object _lock = new(); // Monitor.Wait needs a Monitor, not a System.Threading.Lock
    private int _arrived;
    private long _generation;
    private bool _aborted;

    /// <summary>A training thread's end of an epoch: waits until the epoch is released (true) or the run aborted (false).</summary>
    public bool Arrive()
    {
        lock (_lock)
        {
            long generation = _generation;
            if (++_arrived == threads) Monitor.PulseAll(_lock);
            while (_generation == generation && !_aborted) Monitor.Wait(_lock);
            return !_aborted;
        }
    }

    /// <summary>Waits up to <paramref name="milliseconds"/> for every thread to arrive; true when they all have.</summary>
    public bool WaitForAll(int milliseconds)
    {
        lock (_lock)
        {
            if (_arrived < threads && !_aborted) Monitor.Wait(_lock, milliseconds);
            return _arrived == threads && !_aborted;
        }
    }

    /// <summary>Lets the threads that arrived go on to the next epoch.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _arrived = 0;
            _generation++;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Lets every thread go, now and later, without waiting (they then stop).</summary>
    public void Abort()
    {
        lock (_lock)
        {
            _aborted = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Wakes the waiting reporter (a thread has ended).</summary>
    public void Pulse()
    {
        lock (_lock) Monitor.PulseAll(_lock);
    }
}
