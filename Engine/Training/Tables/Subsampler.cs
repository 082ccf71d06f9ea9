using System.Runtime.CompilerServices;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// word2vec.c's down-sampling of frequent words (<c>-sample</c>): a word is kept when its threshold
/// <c>(sqrt(cn / (sample * train_words)) + 1) * (sample * train_words) / cn</c> is at least
/// <c>(next_random &amp; 0xFFFF) / 65536</c> for the next state of the reader's generator. Thresholds are computed
/// once, with C's float/double mix, and shared by every reader.
/// </summary>
internal sealed class Subsampler
{
    private readonly float[] _keep;

    private Subsampler(float[] keep) => _keep = keep;

    /// <summary>The subsampler of <paramref name="vocabulary"/> for threshold <paramref name="sample"/>, or null
    /// when <paramref name="sample"/> is 0 (C draws no random number then).</summary>
    public static Subsampler? Create(Vocabulary vocabulary, float sample)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!(sample > 0)) return null;
        var keep = new float[vocabulary.Count];
        float st = sample * (float)vocabulary.TrainWords;
        for (int w = 0; w < keep.Length; w++)
        {
            long cn = vocabulary.Frequency(w);
            keep[w] = (float)((Math.Sqrt(cn / st) + 1) * st / cn);
        }
        return new Subsampler(keep);
    }

    /// <summary>Each word's keep threshold: kept when it is at least the draw (<see cref="DeviceTables.KeepThresholds"/>,
    /// for backends that draw on their own, such as the GPU's down-sampling kernel).</summary>
    public ReadOnlySpan<float> Thresholds => _keep;

    /// <summary>Advances <paramref name="random"/> once and says whether <paramref name="word"/> is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Keep(int word, ref CRandom random)
    {
        float ran = _keep[word];
        ulong r = random.Next();
        return !(ran < (r & 0xFFFF) / (float)65536);
    }
}
