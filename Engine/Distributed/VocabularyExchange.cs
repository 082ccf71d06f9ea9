using Word2VecNative.Vocab;

namespace Word2VecNative.Distributed;

/// <summary>Sends rank 0's vocabulary to every rank: its words and counts in order, C's <c>train_words</c>, the hash
/// size and the reductions, so that every rank trains with the very vocabulary a single process learns (and rank 0's
/// -save-vocab is that process's file, byte for byte).</summary>
internal static class VocabularyExchange
{
    /// <summary>Rank 0's <paramref name="vocabulary"/> (null on the other ranks), on every rank.</summary>
    public static Vocabulary Share(ICommunicator communicator, Vocabulary? vocabulary)
    {
        if (communicator.Rank == 0)
        {
            ArgumentNullException.ThrowIfNull(vocabulary);
            Collective.BroadcastBytes(communicator, Encode(vocabulary));
            return vocabulary;
        }
        return Decode(Collective.BroadcastBytes(communicator, null));
    }

    internal static byte[] Encode(Vocabulary v)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(v.Count);
        w.Write(v.HashSize);
        w.Write(v.TrainWords);
        w.Write(v.Reductions);
        for (int i = 0; i < v.Count; i++)
        {
            var word = v.Word(i);
            w.Write(word.Length);
            w.Write(word);
            w.Write(v.Frequency(i));
        }
        w.Flush();
        return ms.ToArray();
    }

    internal static Vocabulary Decode(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        int count = r.ReadInt32();
        var v = new Vocabulary(r.ReadInt64());
        long trainWords = r.ReadInt64();
        int reductions = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            int length = r.ReadInt32();
            v.Add(r.ReadBytes(length));
            v.SetCount(i, r.ReadInt64());
        }
        v.TrainWords = trainWords;
        v.Reductions = reductions;
        return v;
    }
}
