namespace Word2VecNative.Vectors;

/// <summary>Results of a word-pairs evaluation (gensim's evaluate_word_pairs): the correlations between the human
/// scores and the cosine similarities of the pairs, with their two-sided p-values as scipy computes them, and the
/// share of pairs with an unknown word.</summary>
public sealed class WordPairsReport
{
    internal WordPairsReport(double pearson, double pearsonPValue, double spearman, double spearmanPValue, int pairs, int unknownPairs, double oovRatio)
    {
        Pearson = pearson;
        PearsonPValue = pearsonPValue;
        Spearman = spearman;
        SpearmanPValue = spearmanPValue;
        Pairs = pairs;
        UnknownPairs = unknownPairs;
        OovRatio = oovRatio;
    }

    /// <summary>Pearson's correlation coefficient (scipy's pearsonr; NaN when one side is constant).</summary>
    public double Pearson { get; }
    /// <summary>Its two-sided p-value (the exact distribution of r under independence, as scipy's pearsonr).</summary>
    public double PearsonPValue { get; }
    /// <summary>Spearman's rank correlation (scipy's spearmanr: tied values share their mean rank).</summary>
    public double Spearman { get; }
    /// <summary>Its two-sided p-value (Student's t with n - 2 degrees of freedom, as scipy's spearmanr; NaN for two pairs).</summary>
    public double SpearmanPValue { get; }
    /// <summary>Pairs in the correlations (with unknown pairs counted as similarity 0 when asked to).</summary>
    public int Pairs { get; }
    /// <summary>Pairs with a word outside the vocabulary looked at.</summary>
    public int UnknownPairs { get; }
    /// <summary>gensim's oov_ratio, in percent: unknown pairs / all valid pairs (unknown pairs / <see cref="Pairs"/> when
    /// unknown pairs count as similarity 0).</summary>
    public double OovRatio { get; }
}
