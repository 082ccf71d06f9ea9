using System.Security.Cryptography;
using System.Text;
using Word2VecNative.Training;

namespace Word2VecNative.Distributed;

/// <summary>
/// The collective steps of a run across processes besides the weights: agreeing on failure (one process's error ends
/// every process, with that error), sending bytes from rank 0, and checking that every rank was given the same
/// settings and sees the same corpus.
/// </summary>
internal static class Collective
{
    /// <summary>The key of <see cref="Exception.Data"/> that marks an error every rank throws (the command prints it on
    /// rank 0 alone).</summary>
    internal const string OnEveryRank = "Word2VecNative.OnEveryRank";

    /// <summary>Bytes sampled from the corpus at its start, middle and end for its fingerprint.</summary>
    private const int SampleBytes = 1 << 16;

    /// <summary>Every rank passes its own error (null when it has none). When any rank has one, every rank throws a
    /// <see cref="Word2VecException"/> with the message of the lowest such rank, marked <see cref="OnEveryRank"/>.</summary>
    public static void Agree(ICommunicator communicator, string? error)
    {
        var failed = new double[communicator.Size];
        if (error != null) failed[communicator.Rank] = 1;
        communicator.AllreduceSum(failed);
        int first = Array.FindIndex(failed, x => x > 0);
        if (first < 0) return;
        byte[] message = BroadcastBytes(communicator, first == communicator.Rank ? Encoding.UTF8.GetBytes(error!) : null, first);
        throw Everywhere(Encoding.UTF8.GetString(message));
    }

    /// <summary>
    /// Runs <paramref name="step"/> on every rank, then agrees: when it threw on any rank (or that rank was cancelled),
    /// every rank throws the lowest such rank's error (<paramref name="describe"/>: its line; by default its message,
    /// followed by "(rank r of N)" on a rank other than 0), and a rank that was cancelled throws an
    /// <see cref="OperationCanceledException"/> whose inner exception is that agreed error. So no rank is left waiting
    /// in the next collective call for one that failed on its own.
    /// </summary>
    public static T Step<T>(ICommunicator communicator, Func<T> step, CancellationToken cancellationToken, Func<Exception, string>? describe = null)
    {
        T result = default!;
        string? error = null;
        try
        {
            result = step();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = $"training was cancelled on rank {communicator.Rank} of {communicator.Size}";
        }
        catch (Exception e)
        {
            string line = describe?.Invoke(e) ?? e.Message;
            error = communicator.Rank == 0 ? line : $"{line} (rank {communicator.Rank} of {communicator.Size})";
        }
        try
        {
            Agree(communicator, error);
        }
        catch (Word2VecException agreed) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("cancelled", agreed, cancellationToken);
        }
        return result;
    }

    /// <summary>An exception marked as thrown on every rank.</summary>
    public static Word2VecException Everywhere(string message)
    {
        var e = new Word2VecException(message);
        e.Data[OnEveryRank] = true;
        return e;
    }

    /// <summary>True for an error every rank throws (see <see cref="Agree"/>).</summary>
    public static bool IsOnEveryRank(Exception e) => e.Data[OnEveryRank] is true;

    /// <summary>The <paramref name="root"/> rank's <paramref name="bytes"/> (null elsewhere) on every rank: its length, then itself.</summary>
    public static byte[] BroadcastBytes(ICommunicator communicator, byte[]? bytes, int root = 0)
    {
        var length = new byte[8];
        if (communicator.Rank == root) BitConverter.TryWriteBytes(length, (long)bytes!.Length);
        communicator.Broadcast(length, root);
        long n = BitConverter.ToInt64(length);
        var data = communicator.Rank == root ? bytes! : new byte[checked((int)n)];
        const int Block = 1 << 26;
        for (int at = 0; at < data.Length; at += Block)
            communicator.Broadcast(data.AsSpan(at, Math.Min(Block, data.Length - at)), root);
        return data;
    }

    /// <summary>
    /// Checks that every rank was given what rank 0 was (<paramref name="settings"/>: the command line, or the
    /// options) and reads the same corpus (its length, and its bytes at its start, middle and end). A rank that differs
    /// is an error on every rank, naming the lowest such rank.
    /// </summary>
    public static void CheckSameRun(ICommunicator communicator, string settingsName, string settings, TrainingCorpus corpus,
        CancellationToken cancellationToken)
    {
        byte[] mine = Step(communicator, () => (byte[])[.. SHA256.HashData(Encoding.UTF8.GetBytes(settings)), .. CorpusFingerprint(corpus, cancellationToken)],
            cancellationToken, e => e is IOException or UnauthorizedAccessException or Word2VecException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        var first = RankZeros(communicator, mine);
        Agree(communicator,
            !first.AsSpan(0, 32).SequenceEqual(mine.AsSpan(0, 32))
                ? $"rank {communicator.Rank} of {communicator.Size} was given other {settingsName} than rank 0: every rank must be started with the same ones"
            : !first.AsSpan(32).SequenceEqual(mine.AsSpan(32))
                ? $"rank {communicator.Rank} of {communicator.Size} reads another corpus than rank 0 ({corpus.Name} differs in length or content): every rank must read the same file"
            : null);
    }

    /// <summary>Checks that every rank trains the same setup as rank 0: its options, vocabulary, words per epoch and,
    /// for a continued model, where its plan stands (another model file on one host would pair collective calls of
    /// different lengths).</summary>
    public static void CheckSameSetup(ICommunicator communicator, TrainingSetup setup, CancellationToken cancellationToken)
    {
        byte[] mine = Step(communicator, () =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(VocabularyExchange.Encode(setup.Vocabulary));
            var state = setup.Continuing?.Start;
            hash.AppendData(Encoding.UTF8.GetBytes($"{setup.Options}|{setup.WordsPerEpoch}|{state?.WordsProcessed}|{state?.EpochsDone}|{state?.PlannedEpochs}"));
            return hash.GetHashAndReset();
        }, cancellationToken);
        Agree(communicator, RankZeros(communicator, mine).AsSpan().SequenceEqual(mine) ? null
            : $"rank {communicator.Rank} of {communicator.Size} has another model setup than rank 0 (options, vocabulary or training state): every rank must train the same one");
    }

    /// <summary>Rank 0's <paramref name="mine"/> (a digest of the same length on every rank), on every rank.</summary>
    private static byte[] RankZeros(ICommunicator communicator, byte[] mine)
    {
        var first = (byte[])mine.Clone();
        communicator.Broadcast(first, 0);
        return first;
    }

    /// <summary>The corpus's length and a hash of its bytes at its start, middle and end.</summary>
    private static byte[] CorpusFingerprint(TrainingCorpus corpus, CancellationToken cancellationToken)
    {
        using var s = corpus.Open(cancellationToken);
        long length = s.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(length));
        var buffer = new byte[SampleBytes];
        foreach (long at in new[] { 0, Math.Max(0, length / 2 - SampleBytes / 2), Math.Max(0, length - SampleBytes) })
        {
            s.Seek(at, SeekOrigin.Begin);
            int n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            hash.AppendData(buffer, 0, n);
        }
        return hash.GetHashAndReset();
    }
}
