using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// What <see cref="TrainingHooks.OnEpochEnd"/> receives: the epoch just finished, the run's figures at that point, the
/// vectors as they stand (every training thread waits while the callback runs), and <see cref="Stop"/>. It is valid
/// during the callback only: <see cref="Vectors"/>, <see cref="Snapshot"/> and <see cref="Stop"/> throw
/// <see cref="InvalidOperationException"/> afterwards, as the training threads are changing the vectors again (and the
/// run has gone past this epoch).
/// </summary>
public sealed class EpochEnd
{
    private readonly Func<Word2VecModel> _snapshot;
    private readonly float[] _vectors;
    private bool _valid = true;

    internal EpochEnd(int epoch, int epochs, long wordsProcessed, double loss, double epochLoss, TimeSpan elapsed,
        Vocabulary vocabulary, int size, float[] vectors, Func<Word2VecModel> snapshot)
    {
        Epoch = epoch;
        Epochs = epochs;
        WordsProcessed = wordsProcessed;
        Loss = loss;
        EpochLoss = epochLoss;
        Elapsed = elapsed;
        Vocabulary = vocabulary;
        Size = size;
        _vectors = vectors;
        _snapshot = snapshot;
    }

    /// <summary>The epoch just finished, from 1 to <see cref="Epochs"/> (its number in the plan: a continued plan's
    /// first epoch is the one after those it had done).</summary>
    public int Epoch { get; }

    /// <summary>Epochs of the plan (<see cref="TrainingOptions.Iterations"/>).</summary>
    public int Epochs { get; }

    /// <summary>Words processed in the plan so far, over all threads and epochs (C's <c>word_count_actual</c>).</summary>
    public long WordsProcessed { get; }

    /// <summary>With <see cref="TrainingOptions.ComputeLoss"/>, the loss summed since the run started (as
    /// <see cref="TrainingProgress.Loss"/>); 0 without it.</summary>
    public double Loss { get; }

    /// <summary>With <see cref="TrainingOptions.ComputeLoss"/>, the loss of this epoch alone; 0 without it.</summary>
    public double EpochLoss { get; }

    /// <summary>Time since the run started (wall clock), callbacks included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The words, in the order of the vectors.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Vector dimension.</summary>
    public int Size { get; }

    /// <summary>True when the run ends after this epoch: the plan's last, the one of
    /// <see cref="TrainingOptions.StopAfterEpoch"/>, or <see cref="Stop"/> was called.</summary>
    public bool IsLast { get; internal set; }

    /// <summary>True once <see cref="Stop"/> was called.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>The input vectors as they stand at the end of this epoch (row-major, <see cref="Size"/> floats per word),
    /// without a copy; valid during the callback only.</summary>
    public ReadOnlySpan<float> Vectors
    {
        get
        {
            EnsureValid();
            return _vectors;
        }
    }

    /// <summary>A copy of the model as it stands at the end of this epoch, with its output layers and the
    /// <see cref="TrainingState"/> of a run stopped here: save it as a checkpoint
    /// (<see cref="Word2VecModel.Save(string, CancellationToken)"/>), evaluate it (<c>WordVectors.FromModel</c>), or
    /// continue it (<see cref="Trainer.Continue"/>). It costs a copy of every matrix.</summary>
    public Word2VecModel Snapshot()
    {
        EnsureValid();
        return _snapshot();
    }

    /// <summary>Ends the run after this epoch (gensim users stop early this way): the trainer returns the model as it
    /// stands, with a state that continues the plan as <see cref="TrainingOptions.StopAfterEpoch"/> would. Valid during
    /// the callback only.</summary>
    public void Stop()
    {
        EnsureValid();
        StopRequested = true;
        IsLast = true;
    }

    internal void Invalidate() => _valid = false;

    private void EnsureValid()
    {
        if (!_valid) throw new InvalidOperationException("an EpochEnd is only valid during its OnEpochEnd callback (take a Snapshot() there to keep the vectors; call Stop() there to end the run)");
    }
}
