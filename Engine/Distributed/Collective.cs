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
        string? error = null;
        byte[] mine;
        try
        {
            mine = [.. SHA256.HashData(Encoding.UTF8.GetBytes(settings)), .. CorpusFingerprint(corpus, cancellationToken)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Word2VecException)
        {
            mine = new byte[64];
            error = $"rank {communicator.Rank} of {communicator.Size}: {e.Message}";
        }
        var first = (byte[])mine.Clone();
        communicator.Broadcast(first, 0);
        if (error == null && !first.AsSpan(0, 32).SequenceEqual(mine.AsSpan(0, 32)))
            error = $"rank {communicator.Rank} of {communicator.Size} was given other {settingsName} than rank 0: every rank must be started with the same ones";
        else if (error == null && !first.AsSpan(32).SequenceEqual(mine.AsSpan(32)))
            error = $"rank {communicator.Rank} of {communicator.Size} reads another corpus than rank 0 ({corpus.Name} differs in length or content): every rank must read the same file";
        Agree(communicator, error);
    }

    /// <summary>Checks that every rank trains with rank 0's vocabulary and words per epoch.</summary>
    public static void CheckSameVocabulary(ICommunicator communicator, TrainingSetup setup)
    {
        byte[] mine = [.. SHA256.HashData(VocabularyExchange.Encode(setup.Vocabulary)), .. BitConverter.GetBytes(setup.WordsPerEpoch)];
        var first = (byte[])mine.Clone();
        communicator.Broadcast(first, 0);
        Agree(communicator, first.AsSpan().SequenceEqual(mine) ? null
            : $"rank {communicator.Rank} of {communicator.Size} has another vocabulary than rank 0: every rank must train with the same one");
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
