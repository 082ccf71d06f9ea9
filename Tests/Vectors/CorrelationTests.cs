using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The correlations and p-values against figures from scipy 1.10 (pearsonr, spearmanr, betainc, gammaln).</summary>
public class CorrelationTests
{
    private static readonly double[] s_x = [1.0, 2.5, 2.5, 4.0, 7.0, 3.0, 9.0, 0.5];
    private static readonly double[] s_y = [0.3, 0.1, 0.8, 0.9, 0.95, 0.2, 0.7, 0.05];

    [Test]
    public void Correlation_SmallSampleWithTies_MatchesScipy()
    {
        var (r, p) = Correlation.Pearson(s_x, s_y);
        Assert.That(r, Is.EqualTo(0.64731023152621).Within(1e-13));
        Assert.That(p, Is.EqualTo(0.08271251956329004).Within(1e-13));
        var (rho, ps) = Correlation.Spearman(s_x, s_y);
        Assert.That(rho, Is.EqualTo(0.670670706671425).Within(1e-13));
        Assert.That(ps, Is.EqualTo(0.06869274160505996).Within(1e-13));
        Assert.That(Correlation.Ranks(s_x), Is.EqualTo(new[] { 2, 3.5, 3.5, 6, 7, 5, 8, 1 }));
    }

    [TestCase(0.05, 0.19270139573985348, 0.0007929222782974043, 0.20371737463749598, 0.00038367168937221137)]
    [TestCase(0.5, 0.8991929272208937, 5.46041607401093e-109, 0.8978313092367691, 3.627982370532043e-108)]
    public void Correlation_300Pairs_MatchesScipy(double slope, double r, double p, double rho, double ps)
    {
        var x = Enumerable.Range(0, 300).Select(i => Math.Sin(i * 0.7) * 3 + i % 7).ToArray();
        var y = x.Select((v, i) => v * slope + Math.Cos(i * 1.3)).ToArray();
        var pearson = Correlation.Pearson(x, y);
        var spearman = Correlation.Spearman(x, y);
        Assert.That(pearson.R, Is.EqualTo(r).Within(1e-12));
        Assert.That(pearson.P, Is.EqualTo(p).Within(p * 1e-9));
        Assert.That(spearman.Rho, Is.EqualTo(rho).Within(1e-12));
        Assert.That(spearman.P, Is.EqualTo(ps).Within(ps * 1e-9));
    }

    [Test]
    public void Correlation_EdgeCases_AsScipy()
    {
        Assert.That(Correlation.Pearson([1, 2], [3, 1]), Is.EqualTo((-1.0, 1.0)));
        var s = Correlation.Spearman([1, 2], [3, 1]);
        Assert.That(s.Rho, Is.EqualTo(-1.0).Within(1e-15));
        Assert.That(s.P, Is.NaN, "n - 2 = 0 degrees of freedom");
        Assert.That(Correlation.Pearson([1, 1, 1], [1, 2, 3]).R, Is.NaN, "constant input");
        Assert.That(Correlation.Spearman([1, 2, 3], [5, 5, 5]).P, Is.NaN);
        Assert.That(Correlation.Spearman([1, 2, 3, 4], [2, 4, 6, 8]), Is.EqualTo((1.0, 0.0)));
        Assert.That(Correlation.Pearson([1, double.NaN, 3], [1, 2, 3]).R, Is.NaN);
    }

    [Test]
    public void Correlation_SpecialFunctions_MatchScipy()
    {
        Assert.That(Correlation.RegularizedBeta(2.5, 0.5, 0.3), Is.EqualTo(0.01892712407194565).Within(1e-15));
        Assert.That(Correlation.RegularizedBeta(150, 150, 0.45), Is.EqualTo(0.041374001627038755).Within(1e-13));
        Assert.That(Correlation.RegularizedBeta(0.5, 0.5, 0.999), Is.EqualTo(0.9798649583666225).Within(1e-14));
        Assert.That(Correlation.LogGamma(0.5), Is.EqualTo(0.5723649429247).Within(1e-13));
        Assert.That(Correlation.LogGamma(100.5), Is.EqualTo(361.43554046777757).Within(1e-10));
        Assert.That(Correlation.LogGamma(1e4), Is.EqualTo(82099.71749644238).Within(1e-8));
    }
}
