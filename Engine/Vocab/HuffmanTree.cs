namespace Word2VecNative.Vocab;

/// <summary>
/// Port of word2vec.c's <c>CreateBinaryTree</c>: the count/binary/parent_node arrays, built by two positions
/// walking the sorted counts (pos1 down the leaves, pos2 up the inner nodes), not a priority queue.
/// Every word gets its code bits (root first) and its points: point[0] is the root (vocab_size - 2) and
/// point[d] the inner node whose output vector is used with code[d]; point[codelen] is the leaf as C stores it
/// (a negative number). Codes and points are stored flat, <see cref="MaxCodeLength"/> entries per word.
/// </summary>
internal sealed class HuffmanTree
{
    /// <summary>word2vec.c's MAX_CODE_LENGTH.</summary>
    public const int MaxCodeLength = 40;

    private readonly byte[] _codes;
    private readonly int[] _points;
    private readonly byte[] _codeLength;

    private HuffmanTree(int words, byte[] codes, int[] points, byte[] codeLength)
    {
        WordCount = words;
        _codes = codes;
        _points = points;
        _codeLength = codeLength;
    }

    /// <summary>Number of words (leaves).</summary>
    public int WordCount { get; }

    /// <summary>Length of <paramref name="word"/>'s code (C's codelen).</summary>
    public int CodeLength(int word) => _codeLength[word];

    /// <summary>Code bits of <paramref name="word"/>, root first (C's vocab[word].code[0..codelen)).</summary>
    public ReadOnlySpan<byte> Code(int word) => new(_codes, word * MaxCodeLength, _codeLength[word]);

    /// <summary>Inner-node indices used with each code bit (C's vocab[word].point[0..codelen)).</summary>
    public ReadOnlySpan<int> Points(int word) => new(_points, word * MaxCodeLength, _codeLength[word]);

    /// <summary>C's point array including the final entry point[codelen].</summary>
    public ReadOnlySpan<int> PointsWithLeaf(int word) => new(_points, word * MaxCodeLength, _codeLength[word] + 1);

    /// <summary>Every word's code bits, <see cref="MaxCodeLength"/> entries per word (word <c>w</c>'s start at
    /// <c>w * MaxCodeLength</c>); never written.</summary>
    public byte[] FlatCodes => _codes;

    /// <summary>Every word's points with the leaf, laid out as <see cref="FlatCodes"/>; never written.</summary>
    public int[] FlatPoints => _points;

    /// <summary>Every word's code length; never written.</summary>
    public byte[] FlatCodeLengths => _codeLength;

    /// <summary>The tree of a vocabulary (its counts, in its order).</summary>
    public static HuffmanTree Build(Vocabulary vocabulary) => Build(vocabulary.Counts);

    /// <summary>The tree of counts sorted as C sorts the vocabulary (entry 0 first, the rest by descending count).</summary>
    public static HuffmanTree Build(ReadOnlySpan<long> counts)
    {
        int vocabSize = counts.Length;
        if (vocabSize < 1) Throw.Argument(nameof(counts), "the vocabulary is empty");
        var count = new long[vocabSize * 2 + 1];
        var binary = new byte[vocabSize * 2 + 1];
        var parent = new long[vocabSize * 2 + 1];
        counts.CopyTo(count);
        // C gives the inner nodes not built yet the count 1e15, so the walk below takes a leaf before them only while
        // every leaf is smaller: a larger one makes pos2 run past the nodes built so far and off the arrays.
        for (int a = 0; a < vocabSize; a++)
            if (count[a] > Vocabulary.MaxCount)
                Throw.Input($"word {a} has count {count[a]}; word2vec's Huffman tree needs counts below {Vocabulary.MaxCount + 1}");
        for (long a = vocabSize; a < vocabSize * 2L; a++) count[a] = 1_000_000_000_000_000L;
        long pos1 = vocabSize - 1, pos2 = vocabSize;
        for (long a = 0; a < vocabSize - 1; a++)
        {
            long min1i, min2i;
            if (pos1 >= 0 && count[pos1] < count[pos2]) min1i = pos1--;
            else min1i = pos2++;
            if (pos1 >= 0 && count[pos1] < count[pos2]) min2i = pos1--;
            else min2i = pos2++;
            count[vocabSize + a] = count[min1i] + count[min2i];
            parent[min1i] = vocabSize + a;
            parent[min2i] = vocabSize + a;
            binary[min2i] = 1;
        }
        var codes = new byte[vocabSize * MaxCodeLength];
        var points = new int[vocabSize * MaxCodeLength];
        var lengths = new byte[vocabSize];
        Span<byte> code = stackalloc byte[MaxCodeLength];
        Span<long> point = stackalloc long[MaxCodeLength];
        long root = vocabSize * 2L - 2;
        for (int a = 0; a < vocabSize; a++)
        {
            long b = a;
            int i = 0;
            while (true)
            {
                if (i >= MaxCodeLength - 1)
                    Throw.Input($"Huffman code of word {a} is longer than {MaxCodeLength - 1} bits (MAX_CODE_LENGTH); the C tool would overflow its arrays here");
                code[i] = binary[b];
                point[i] = b;
                i++;
                b = parent[b];
                if (b == root) break;
            }
            int baseIdx = a * MaxCodeLength;
            lengths[a] = (byte)i;
            points[baseIdx] = vocabSize - 2;
            for (int k = 0; k < i; k++)
            {
                codes[baseIdx + i - k - 1] = code[k];
                points[baseIdx + i - k] = (int)(point[k] - vocabSize);
            }
        }
        return new HuffmanTree(vocabSize, codes, points, lengths);
    }
}
