namespace Word2VecNative.Vectors;

/// <summary>
/// Pearson's and Spearman's correlations with two-sided p-values, as scipy 1.x computes them (scipy.stats.pearsonr and
/// spearmanr, which gensim's evaluate_word_pairs reports): Pearson's p from the exact distribution of r under
/// independence, a beta distribution on (-1, 1) with both shapes n/2 - 1; Spearman's from Student's t with n - 2
/// degrees of freedom. Both are regularised incomplete beta functions, evaluated by their continued fraction.
/// Constant input gives NaN for both figures, as scipy gives it.
/// </summary>
internal static class Correlation
{
    /// <summary>(r, p) of at least two pairs.</summary>
    public static (double R, double P) Pearson(double[] x, double[] y)
    {
        int n = x.Length;
        if (n < 2 || y.Length != n) Throw.Argument(nameof(x), "correlations need two equally long series of at least two values");
        if (x.Any(double.IsNaN) || y.Any(double.IsNaN)) return (double.NaN, n == 2 ? 1.0 : double.NaN);
        if (Constant(x) || Constant(y)) return (double.NaN, double.NaN);
        if (n == 2) return (Math.Sign(x[1] - x[0]) * Math.Sign(y[1] - y[0]), 1.0);
        double r = R(x, y);
        double ab = n / 2.0 - 1;
        return (r, 2 * RegularizedBeta(ab, ab, (1 - Math.Abs(r)) / 2));
    }

    /// <summary>(rho, p) of at least two pairs: Pearson's r of the ranks (ties averaged).</summary>
    public static (double Rho, double P) Spearman(double[] x, double[] y)
    {
        int n = x.Length;
        if (n < 2 || y.Length != n) Throw.Argument(nameof(x), "correlations need two equally long series of at least two values");
        if (Constant(x) || Constant(y) || x.Any(double.IsNaN) || y.Any(double.IsNaN)) return (double.NaN, double.NaN);
        double rs = R(Ranks(x), Ranks(y));
        double dof = n - 2;
        // scipy: t = rs * sqrt((dof / ((rs + 1) * (1 - rs))).clip(0)); NaN stays NaN (two pairs: 0 / 0).
        double q = dof / ((rs + 1.0) * (1.0 - rs));
        double t = rs * Math.Sqrt(double.IsNaN(q) ? q : Math.Max(q, 0));
        return (rs, StudentTwoSided(dof, t));
    }

    /// <summary>Ranks from 1, tied values sharing the mean of their ranks (scipy's rankdata, method "average").</summary>
    public static double[] Ranks(double[] v)
    {
        int n = v.Length;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => v[a] != v[b] ? v[a].CompareTo(v[b]) : a.CompareTo(b));
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>2 * P(T &lt; -|t|) for Student's t with <paramref name="dof"/> degrees of freedom.</summary>
    public static double StudentTwoSided(double dof, double t)
    {
        if (double.IsNaN(t) || double.IsNaN(dof) || dof <= 0) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        return RegularizedBeta(dof / 2, 0.5, dof / (dof + t * t));
    }

    /// <summary>The regularised incomplete beta function I_x(a, b).</summary>
    public static double RegularizedBeta(double a, double b, double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(a, b, x) / a
            : 1 - front * ContinuedFraction(b, a, 1 - x) / b;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine terms: about 15 significant digits).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double sum = s_lanczos[0];
        for (int i = 1; i < s_lanczos.Length; i++) sum += s_lanczos[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    private static readonly double[] s_lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>The continued fraction of the incomplete beta function (modified Lentz).</summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        const double Tiny = 1e-300, Epsilon = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < Tiny) d = Tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 100_000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < Epsilon) break;
        }
        return h;
    }

    private static bool Constant(double[] v) => v.All(e => e == v[0]);

    /// <summary>Pearson's r in double: centred series, each divided by its length, then their dot product, clipped to
    /// [-1, 1] (scipy's order of operations).</summary>
    private static double R(double[] x, double[] y)
    {
        int n = x.Length;
        double mx = x.Sum() / n, my = y.Sum() / n;
        double nx = 0, ny = 0;
        for (int i = 0; i < n; i++)
        {
            nx += (x[i] - mx) * (x[i] - mx);
            ny += (y[i] - my) * (y[i] - my);
        }
        nx = Math.Sqrt(nx);
        ny = Math.Sqrt(ny);
        double r = 0;
        for (int i = 0; i < n; i++) r += (x[i] - mx) / nx * ((y[i] - my) / ny);
        return Math.Clamp(r, -1, 1);
    }
}
