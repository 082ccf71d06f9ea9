using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// What a backend that runs word2vec's training step on a device (the Word2VecNative.Gpu package) takes from the
/// engine, as flat arrays and constants: the sigmoid table, the Huffman codes and points, the unigram table of
/// negative sampling and the down-sampling thresholds of a <see cref="TrainingSetup"/>
/// (<see cref="TrainingSetup.DeviceTables"/>), with word2vec.c's constants that index them and its random generator.
/// These are the tables the engine's own step trains with, not copies of them, and a kernel that uses the constants
/// here cannot drift from the engine's; a device copies the arrays as they are. The rest of the contract is on the
/// setup: <see cref="TrainingSetup.ReadSentences"/> (sentences as the engine cuts them),
/// <see cref="TrainingSetup.LearningRate"/> and <see cref="TrainingSetup.InitialVectors"/>.
/// </summary>
public sealed class DeviceTables
{
    /// <summary>word2vec.c's MAX_EXP: the sigmoid table covers dot products in [-MaxExp, MaxExp); beyond them the
    /// sigmoid is taken as 0 or 1 (negative sampling) or the node is skipped (hierarchical softmax).</summary>
    public const int MaxExp = SigmoidTable.MaxExp;

    /// <summary>word2vec.c's EXP_TABLE_SIZE: the entries of <see cref="Sigmoid"/> (which has one more, as C allocates it).</summary>
    public const int SigmoidTableSize = SigmoidTable.ExpTableSize;

    /// <summary>The sigmoid of a dot product f is <c>Sigmoid[(int)((f + MaxExp) * SigmoidIndexScale)]</c>:
    /// EXP_TABLE_SIZE / MAX_EXP / 2 in C's integer arithmetic (83).</summary>
    public const int SigmoidIndexScale = SigmoidTable.IndexScale;

    /// <summary>word2vec.c's <c>table_size</c> (1e8): a negative is drawn from slot
    /// <c>(next_random &gt;&gt; 16) % UnigramTableSize</c> of C's unigram table.</summary>
    public const int UnigramTableSize = UnigramTable.TableSize;

    /// <summary>log2 of the slots per bucket of <see cref="UnigramBuckets"/>.</summary>
    public const int UnigramBucketBits = UnigramTable.BucketBits;

    /// <summary>word2vec.c's MAX_CODE_LENGTH: the entries per word of <see cref="HuffmanCodes"/> and <see cref="HuffmanPoints"/>.</summary>
    public const int MaxCodeLength = HuffmanTree.MaxCodeLength;

    /// <summary>The multiplier of word2vec.c's generator: <c>next_random = next_random * RandomMultiplier + RandomIncrement</c>
    /// (mod 2^64).</summary>
    public const ulong RandomMultiplier = CRandom.Multiplier;

    /// <summary>The increment of word2vec.c's generator (see <see cref="RandomMultiplier"/>).</summary>
    public const ulong RandomIncrement = CRandom.Increment;

    /// <summary>word2vec.c's MAX_SENTENCE_LENGTH: <see cref="TrainingSetup.ReadSentences"/> cuts a sentence after this
    /// many words.</summary>
    public const int MaxSentenceLength = SentenceReader.MaxSentenceLength;

    /// <summary>The flags of the settings in <paramref name="options"/> that a device backend does not train and must
    /// refuse (word2vec.c's names, such as <c>-compute-loss</c> and <c>-stop-after</c>), in the order of the option
    /// table; empty when a device can train <paramref name="options"/>. Settings a device ignores (-threads, the
    /// CPU's arithmetic) are not listed.</summary>
    public static IReadOnlyList<string> RefusedSettings(TrainingOptions options) => [.. OptionTraits.RefusedOnGpu(options).Select(t => t.Name)];

    private readonly HuffmanTree? _tree;
    private readonly UnigramTable? _unigram;
    private readonly Subsampler? _subsampler;

    internal DeviceTables(int vocabularySize, HuffmanTree? tree, UnigramTable? unigram, Subsampler? subsampler)
    {
        VocabularySize = vocabularySize;
        _tree = tree;
        _unigram = unigram;
        _subsampler = subsampler;
    }

    /// <summary>Words of the vocabulary: the rows of each weight matrix.</summary>
    public int VocabularySize { get; }

    /// <summary>word2vec.c's expTable: <see cref="SigmoidTableSize"/> + 1 sigmoids over [-MaxExp, MaxExp), computed
    /// as C computes them.</summary>
    public static ReadOnlySpan<float> Sigmoid => SigmoidTable.Array;

    /// <summary>Each word's Huffman code bits, root first, <see cref="MaxCodeLength"/> entries per word (word w's
    /// start at <c>w * MaxCodeLength</c>); empty without <see cref="TrainingOptions.HierarchicalSoftmax"/>.</summary>
    public ReadOnlySpan<byte> HuffmanCodes => _tree != null ? _tree.FlatCodes : default;

    /// <summary>Each word's inner nodes (the rows of the hierarchical softmax matrix trained with each code bit), laid
    /// out as <see cref="HuffmanCodes"/>; empty without hierarchical softmax.</summary>
    public ReadOnlySpan<int> HuffmanPoints => _tree != null ? _tree.FlatPoints : default;

    /// <summary>Each word's code length (C's <c>codelen</c>); empty without hierarchical softmax.</summary>
    public ReadOnlySpan<byte> HuffmanCodeLengths => _tree != null ? _tree.FlatCodeLengths : default;

    /// <summary>C's unigram table of negative sampling, compactly: the first of the <see cref="UnigramTableSize"/>
    /// slots each word fills, in word order, then <see cref="UnigramTableSize"/>; slot s holds the word w with
    /// <c>UnigramStarts[w] &lt;= s &lt; UnigramStarts[w + 1]</c> (the words that fill no slot, at the end, are left
    /// out). Empty when <see cref="TrainingOptions.Negative"/> is 0.</summary>
    public ReadOnlySpan<int> UnigramStarts => _unigram != null ? _unigram.Starts : default;

    /// <summary>For each bucket of 2^<see cref="UnigramBucketBits"/> slots (and one past the last), the word that fills
    /// its first slot: a draw searches <see cref="UnigramStarts"/> between a bucket's word and the next bucket's only.
    /// Empty when <see cref="TrainingOptions.Negative"/> is 0.</summary>
    public ReadOnlySpan<int> UnigramBuckets => _unigram != null ? _unigram.BucketFirst : default;

    /// <summary>Each word's down-sampling threshold (word2vec.c's <c>-sample</c> rule): the word is kept when its
    /// threshold is at least <c>(r &amp; 0xFFFF) / 65536</c> for a draw r. Empty when <see cref="TrainingOptions.Sample"/>
    /// is 0 (every word is kept).</summary>
    public ReadOnlySpan<float> KeepThresholds => _subsampler != null ? _subsampler.Thresholds : default;
}
