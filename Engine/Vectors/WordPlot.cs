using System.Globalization;
using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>A word placed on a plot: its text and its coordinates on the first two principal components.</summary>
/// <param name="Word">The word.</param>
/// <param name="X">Coordinate on the first principal component (the direction of largest variance).</param>
/// <param name="Y">Coordinate on the second principal component.</param>
public readonly record struct PlotPoint(string Word, double X, double Y);

/// <summary>
/// A picture of a few word vectors, as in the word2vec paper's country–capital figure: the vectors are centred and
/// projected on their first two principal components (PCA), then drawn as a self-contained SVG with labels, and
/// with a line from each word to the next one when the words come in pairs (country, capital, country, capital...).
/// </summary>
public static class WordPlot
{
    private const int MaxIterations = 10_000;

    /// <summary>The 2-D PCA projection of the vectors of <paramref name="words"/> (raw vectors, centred on their mean).
    /// Each axis is scaled as the data is (coordinates are the projections, not normalised), its sign chosen so that
    /// the largest coordinate on it is positive. Unknown words throw <see cref="KeyNotFoundException"/>; fewer than two
    /// distinct words is an <see cref="ArgumentException"/>; a vector with a NaN or infinite component (it would make
    /// every coordinate NaN) is a <see cref="Word2VecException"/> naming the word.</summary>
    public static PlotPoint[] Project(WordVectors vectors, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(words);
        if (words.Count < 2) throw new ArgumentException("a plot needs at least two words", nameof(words));
        var rows = new double[words.Count][];
        using var lease = vectors.Store.Acquire(); // the rows are read in place: memory-mapped ones stay mapped meanwhile
        for (int i = 0; i < words.Count; i++)
        {
            int index = vectors.IndexOf(words[i] ?? throw new ArgumentException($"word {i} is null", nameof(words)));
            if (index < 0) throw new KeyNotFoundException($"'{words[i]}' is not in the vocabulary");
            var v = vectors.Vector(index);
            rows[i] = new double[v.Length];
            for (int k = 0; k < v.Length; k++)
            {
                if (!float.IsFinite(v[k]))
                    Throw.Input($"ERROR: the vector of '{Printable(words[i])}' is not finite (component {k} is {v[k].ToString(CultureInfo.InvariantCulture)}); it cannot be plotted");
                rows[i][k] = v[k];
            }
        }
        var (x, y) = Pca2(rows);
        var points = new PlotPoint[words.Count];
        for (int i = 0; i < points.Length; i++) points[i] = new PlotPoint(words[i], x[i], y[i]);
        return points;
    }

    /// <summary>Coordinates of <paramref name="rows"/> on their first two principal components: the rows are centred,
    /// and the components are found by power iteration on <c>XᵀX</c> (the second after deflating the first), in double
    /// precision. For data that lies in a plane the projection keeps every distance between points.</summary>
    internal static (double[] X, double[] Y) Pca2(double[][] rows)
    {
        int n = rows.Length, d = rows[0].Length;
        if (rows.Any(r => r.Length != d)) throw new ArgumentException("the rows differ in length", nameof(rows));
        var centred = new double[n][];
        var mean = new double[d];
        foreach (var r in rows)
            for (int k = 0; k < d; k++) mean[k] += r[k] / n;
        for (int i = 0; i < n; i++)
        {
            centred[i] = new double[d];
            for (int k = 0; k < d; k++) centred[i][k] = rows[i][k] - mean[k];
        }
        var first = TopComponent(centred, null);
        var second = TopComponent(centred, first);
        return (Coordinates(centred, first), Coordinates(centred, second));
    }

    private static double[] TopComponent(double[][] x, double[]? orthogonalTo)
    {
        int d = x[0].Length;
        // A fixed, generic start (not a data row, which could be orthogonal to the answer).
        var v = new double[d];
        for (int k = 0; k < d; k++) v[k] = 1.0 + 0.01 * k;
        if (orthogonalTo != null) RemoveComponent(v, orthogonalTo);
        if (!Normalise(v)) return v;
        var scores = new double[x.Length];
        for (int it = 0; it < MaxIterations; it++)
        {
            for (int i = 0; i < x.Length; i++) scores[i] = Dot(x[i], v);
            var next = new double[d];
            for (int i = 0; i < x.Length; i++)
                for (int k = 0; k < d; k++) next[k] += scores[i] * x[i][k];
            if (orthogonalTo != null) RemoveComponent(next, orthogonalTo);
            if (!Normalise(next)) return next; // no variance left in this direction
            double change = 0;
            for (int k = 0; k < d; k++) change = Math.Max(change, Math.Abs(next[k] - v[k]));
            v = next;
            if (change < 1e-13) break;
        }
        // A deterministic sign: the largest projection is positive.
        double best = 0;
        foreach (var r in x)
        {
            double p = Dot(r, v);
            if (Math.Abs(p) > Math.Abs(best)) best = p;
        }
        if (best < 0)
            for (int k = 0; k < d; k++) v[k] = -v[k];
        return v;
    }

    private static double[] Coordinates(double[][] x, double[] component) => x.Select(r => Dot(r, component)).ToArray();

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static void RemoveComponent(double[] v, double[] unit)
    {
        double p = Dot(v, unit);
        for (int k = 0; k < v.Length; k++) v[k] -= p * unit[k];
    }

    private static bool Normalise(double[] v)
    {
        double len = Math.Sqrt(Dot(v, v));
        if (!(len > 1e-300)) return false;
        for (int k = 0; k < v.Length; k++) v[k] /= len;
        return true;
    }

    /// <summary>Writes <paramref name="points"/> as a self-contained SVG: a dot and a label per word, axes through the
    /// origin, and when <paramref name="pairs"/> is set a line from each even-numbered word to the word after it.
    /// Characters that XML cannot hold even as a reference are written as visible escapes, so the file is always
    /// well-formed: a control character as <c>\xNN</c> (as in error messages), U+FFFE, U+FFFF, the other Unicode
    /// non-characters and an unpaired surrogate as <c>\uXXXX</c> (<c>\UXXXXXXXX</c> above U+FFFF). A NaN or infinite
    /// coordinate is an <see cref="ArgumentException"/>, thrown before anything is written.</summary>
    public static void WriteSvg(Stream output, IReadOnlyList<PlotPoint> points, bool pairs = false, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("nothing to plot", nameof(points));
        foreach (var p in points)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
                throw new ArgumentException($"the point of '{Printable(p.Word ?? "")}' is not finite ({p.X.ToString(CultureInfo.InvariantCulture)}, {p.Y.ToString(CultureInfo.InvariantCulture)})", nameof(points));
        }
        const double Width = 800, Height = 600, Margin = 60;
        double minX = points.Min(p => p.X), maxX = points.Max(p => p.X), minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
        double Sx(double v) => Margin + (v - minX) / spanX * (Width - 2 * Margin);
        double Sy(double v) => Height - Margin - (v - minY) / spanY * (Height - 2 * Margin);
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"14\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        if (title != null) svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>\n");
        if (minX < 0 && maxX > 0) svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Sx(0))}\" y1=\"{Margin / 2}\" x2=\"{F(Sx(0))}\" y2=\"{Height - Margin / 2}\" stroke=\"#ddd\"/>\n");
        if (minY < 0 && maxY > 0) svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Margin / 2}\" y1=\"{F(Sy(0))}\" x2=\"{Width - Margin / 2}\" y2=\"{F(Sy(0))}\" stroke=\"#ddd\"/>\n");
        if (pairs)
        {
            for (int i = 0; i + 1 < points.Count; i += 2)
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Sx(points[i].X))}\" y1=\"{F(Sy(points[i].Y))}\" x2=\"{F(Sx(points[i + 1].X))}\" y2=\"{F(Sy(points[i + 1].Y))}\" stroke=\"#8aa\" stroke-dasharray=\"4 3\"/>\n");
        }
        foreach (var p in points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(Sx(p.X))}\" cy=\"{F(Sy(p.Y))}\" r=\"4\" fill=\"#247\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Sx(p.X) + 7)}\" y=\"{F(Sy(p.Y) + 5)}\">{Escape(p.Word)}</text>\n");
        }
        svg.Append("</svg>\n");
        output.Write(new UTF8Encoding(false).GetBytes(svg.ToString()));
    }

    /// <summary>Projects <paramref name="words"/> and writes the SVG to <paramref name="path"/> (replaced atomically, as
    /// every output of this library).</summary>
    public static void WriteSvg(string path, WordVectors vectors, IReadOnlyList<string> words, bool pairs = false, string? title = null)
    {
        var points = Project(vectors, words);
        OutputFile.Write(path, s => WriteSvg(s, points, pairs, title));
    }

    /// <summary>A word as an error message shows it: escaped as in the SVG, at most 80 characters.</summary>
    private static string Printable(string s) => s.Length > 80 ? Escape(s[..80], xml: false) + "..." : Escape(s, xml: false);

    /// <summary>Text for an SVG element (<paramref name="xml"/>: markup characters as entities too). Whatever XML 1.0
    /// cannot hold (U+FFFE, U+FFFF, unpaired surrogates, C0 controls) becomes a visible escape, and so does every
    /// other control character (tab and newline too, as in error messages) and non-character (U+FDD0–U+FDEF,
    /// U+nFFFE, U+nFFFF), which XML allows but no font draws.</summary>
    private static string Escape(string s, bool xml = true)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length;)
        {
            if (Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)s[i]:X4}"); // an unpaired surrogate
                i++;
                continue;
            }
            i += used;
            int c = rune.Value;
            switch (c)
            {
                case '<' when xml: sb.Append("&lt;"); break;
                case '>' when xml: sb.Append("&gt;"); break;
                case '&' when xml: sb.Append("&amp;"); break;
                case '"' when xml: sb.Append("&quot;"); break;
                default:
                    if (Rune.IsControl(rune)) sb.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
                    else if (IsNonCharacter(c) && c <= 0xFFFF) sb.Append(CultureInfo.InvariantCulture, $"\\u{c:X4}");
                    else if (IsNonCharacter(c)) sb.Append(CultureInfo.InvariantCulture, $"\\U{c:X8}");
                    else sb.Append(rune.ToString());
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool IsNonCharacter(int c) => c is >= 0xFDD0 and <= 0xFDEF || (c & 0xFFFE) == 0xFFFE;
}
