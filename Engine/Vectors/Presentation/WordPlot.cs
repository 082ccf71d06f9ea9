using System.Globalization;
using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>A word placed on a plot: its text and its coordinates on the first two principal components.</summary>
/// <param name="Word">The word.</param>
/// <param name="X">Coordinate on the first principal component (the direction of largest variance).</param>
/// <param name="Y">Coordinate on the second principal component.</param>
public readonly record struct PlotPoint(string Word, double X, double Y);

/// <summary>The words' projection on their first two principal components, with the share of their variance each
/// component explains.</summary>
/// <param name="Points">The words and their coordinates, in the order asked.</param>
/// <param name="FirstVarianceRatio">The share (0 to 1) of the words' total variance along the first component
/// (scikit-learn's <c>explained_variance_ratio_[0]</c>).</param>
/// <param name="SecondVarianceRatio">The share along the second component.</param>
public sealed record WordProjection(IReadOnlyList<PlotPoint> Points, double FirstVarianceRatio, double SecondVarianceRatio);

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
    /// words is an <see cref="ArgumentException"/> (the same word twice is drawn twice, at one point); a vector with a NaN or infinite component (it would make
    /// every coordinate NaN) is a <see cref="Word2VecException"/> naming the word. <see cref="Pca"/> gives the
    /// explained variance too.</summary>
    public static PlotPoint[] Project(WordVectors vectors, IReadOnlyList<string> words) => [.. Pca(vectors, words).Points];

    /// <summary>The projection of <see cref="Project"/> with the share of the words' variance that each axis explains
    /// (the axis names of the SVG show it).</summary>
    public static WordProjection Pca(WordVectors vectors, IReadOnlyList<string> words)
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
                    Throw.Input($"the vector of '{Printable(words[i])}' is not finite (component {k} is {v[k].ToString(CultureInfo.InvariantCulture)}); it cannot be plotted");
                rows[i][k] = v[k];
            }
        }
        var (x, y, total) = Pca2(rows);
        var points = new PlotPoint[words.Count];
        for (int i = 0; i < points.Length; i++) points[i] = new PlotPoint(words[i], x[i], y[i]);
        return new WordProjection(points, Share(x, total), Share(y, total));
    }

    private static double Share(double[] coordinates, double total) => total > 0 ? Math.Min(1, coordinates.Sum(c => c * c) / total) : 0;

    /// <summary>Coordinates of <paramref name="rows"/> on their first two principal components: the rows are centred,
    /// and the components are found by power iteration on <c>XᵀX</c> (the second after deflating the first), in double
    /// precision. For data that lies in a plane the projection keeps every distance between points. <c>Total</c> is the
    /// sum of the squared lengths of the centred rows (the trace of <c>XᵀX</c>), of which each axis's sum of squared
    /// coordinates is its share.</summary>
    internal static (double[] X, double[] Y, double Total) Pca2(double[][] rows)
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
        return (Coordinates(centred, first), Coordinates(centred, second), centred.Sum(r => Dot(r, r)));
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
    /// origin named PC1 and PC2, and when <paramref name="pairs"/> is set a line from each even-numbered word to the word
    /// after it. Every label lies inside the picture: its width is estimated from above (see the README), a label that
    /// would pass the right edge goes left of its dot, and each label takes the first of a few positions around its
    /// dot (right, left, above, below, then shifted up or down) that overlaps no label or dot placed before it, or
    /// else the one that overlaps least; the picture is made wider for long labels, and larger (up to about twice)
    /// while labels still overlap. Characters that XML cannot hold even as a reference are written as visible
    /// escapes, so the file is always well-formed: a control character as <c>\xNN</c> (as in error messages), U+FFFE,
    /// U+FFFF, the other Unicode non-characters and an unpaired surrogate as <c>\uXXXX</c> (<c>\UXXXXXXXX</c> above
    /// U+FFFF). A NaN or infinite coordinate is an <see cref="ArgumentException"/>, thrown before anything is written.</summary>
    public static void WriteSvg(Stream output, IReadOnlyList<PlotPoint> points, bool pairs = false, string? title = null) =>
        WriteSvg(output, points, pairs, title, "PC1", "PC2");

    /// <summary>Writes <paramref name="projection"/> as <see cref="WriteSvg(Stream, IReadOnlyList{PlotPoint}, bool, string?)"/>
    /// does, the axis names with the share of the variance each axis explains (<c>PC1 (41.2% of variance)</c>).</summary>
    public static void WriteSvg(Stream output, WordProjection projection, bool pairs = false, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(projection);
        WriteSvg(output, projection.Points, pairs, title, AxisName(1, projection.FirstVarianceRatio), AxisName(2, projection.SecondVarianceRatio));
    }

    private static string AxisName(int component, double ratio) =>
        string.Create(CultureInfo.InvariantCulture, $"PC{component} ({ratio * 100:0.0}% of variance)");

    private static void WriteSvg(Stream output, IReadOnlyList<PlotPoint> points, bool pairs, string? title, string xName, string yName)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("nothing to plot", nameof(points));
        foreach (var p in points)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
                throw new ArgumentException($"the point of '{Printable(p.Word ?? "")}' is not finite ({p.X.ToString(CultureInfo.InvariantCulture)}, {p.Y.ToString(CultureInfo.InvariantCulture)})", nameof(points));
        }
        var labels = points.Select(p => Escape(p.Word ?? "", xml: false)).ToArray();
        var widths = labels.Select(l => PlotLayout.TextWidth(l)).ToArray();
        var frame = Frame.Fit(widths.Max(), title, yName);
        double minX = points.Min(p => p.X), maxX = points.Max(p => p.X), minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
        (double X, double Y)[] Dots(Frame f) =>
            [.. points.Select(p => (f.Dots.Left + (p.X - minX) / spanX * f.Dots.Width, f.Dots.Bottom - (p.Y - minY) / spanY * (f.Dots.Bottom - f.Dots.Top)))];
        var dots = Dots(frame);
        var layout = PlotLayout.Place(dots, widths, frame.Labels);
        for (int attempt = 1; attempt < 4 && layout.Overlaps > 0; attempt++)
        {
            frame = frame.Scaled(1.25);
            dots = Dots(frame);
            layout = PlotLayout.Place(dots, widths, frame.Labels);
        }
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        double w = frame.Width, h = frame.Height;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(w)}\" height=\"{F(h)}\" viewBox=\"0 0 {F(w)} {F(h)}\" font-family=\"sans-serif\" font-size=\"{F(PlotLayout.FontSize)}\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        if (title != null) svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{F(w / 2)}\" y=\"{F(Frame.TitleBaseline)}\" text-anchor=\"middle\" font-size=\"{F(Frame.TitleSize)}\">{Escape(title)}</text>\n");
        var d = frame.Dots;
        double ox = d.Left + (0 - minX) / spanX * d.Width, oy = d.Bottom - (0 - minY) / spanY * (d.Bottom - d.Top);
        if (minX < 0 && maxX > 0) svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(ox)}\" y1=\"{F(frame.Labels.Top)}\" x2=\"{F(ox)}\" y2=\"{F(frame.Labels.Bottom)}\" stroke=\"#ddd\"/>\n");
        if (minY < 0 && maxY > 0) svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(frame.Labels.Left)}\" y1=\"{F(oy)}\" x2=\"{F(frame.Labels.Right)}\" y2=\"{F(oy)}\" stroke=\"#ddd\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F((frame.Labels.Left + frame.Labels.Right) / 2)}\" y=\"{F(h - Frame.AxisBaseline)}\" text-anchor=\"middle\" fill=\"#555\">{Escape(xName)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" transform=\"translate({F(Frame.AxisBand - Frame.AxisBaseline)} {F((frame.Labels.Top + frame.Labels.Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">{Escape(yName)}</text>\n");
        if (pairs)
        {
            for (int i = 0; i + 1 < points.Count; i += 2)
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(dots[i].X)}\" y1=\"{F(dots[i].Y)}\" x2=\"{F(dots[i + 1].X)}\" y2=\"{F(dots[i + 1].Y)}\" stroke=\"#8aa\" stroke-dasharray=\"4 3\"/>\n");
        }
        foreach (var (x, y) in dots) svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{F(PlotLayout.DotRadius)}\" fill=\"#247\"/>\n");
        // Labels last, over the lines and dots, with a white outline that keeps them readable over a line.
        svg.Append("<g stroke=\"white\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\n");
        for (int i = 0; i < points.Count; i++)
        {
            var l = layout.Labels[i];
            string anchor = l.Anchor == "start" ? "" : $" text-anchor=\"{l.Anchor}\"";
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{F(l.X)}\" y=\"{F(l.Baseline)}\"{anchor}>{Escape(points[i].Word ?? "")}</text>\n");
        }
        svg.Append("</g>\n</svg>\n");
        output.Write(new UTF8Encoding(false).GetBytes(svg.ToString()));
    }

    /// <summary>The picture's size and its regions: a band for the title at the top, bands for the axis names at the
    /// bottom and on the left, the region labels may occupy, and within it the region the dots are scaled into.</summary>
    private readonly record struct Frame(double Width, double Height, double Top)
    {
        public const double Pad = 10, AxisBand = 30, AxisBaseline = 11, TitleSize = 16, TitleBaseline = 26;

        /// <summary>Where labels may lie: everything but the bands and a padding on the right.</summary>
        public PlotBox Labels => new(AxisBand, Top, Width - Pad, Height - AxisBand);

        /// <summary>Where dots lie: the label region less half a label's height (so a label beside a dot at the top or
        /// the bottom stays inside) and a dot's radius.</summary>
        public PlotBox Dots
        {
            get
            {
                var l = Labels;
                double dx = PlotLayout.DotRadius + 1, dy = PlotLayout.LabelHeight / 2 + 1;
                return new(l.Left + dx, l.Top + dy, l.Right - dx, l.Bottom - dy);
            }
        }

        /// <summary>At least 800 × 600, and wide enough that the label of any dot fits on its right or on its left:
        /// the label region is at least twice the widest label (with the gap) wide, so a dot in its left half has room
        /// on its right and one in its right half on its left; tall enough for the y axis's name and the title.</summary>
        public static Frame Fit(double widestLabel, string? title, string yName)
        {
            double top = title != null ? TitleBaseline + 12 : Pad;
            double width = Math.Max(800, AxisBand + Pad + 2 * (PlotLayout.Gap + widestLabel) + 2);
            if (title != null) width = Math.Max(width, PlotLayout.TextWidth(Escape(title, xml: false), TitleSize) + 2 * Pad);
            double height = Math.Max(600, top + AxisBand + PlotLayout.TextWidth(yName) + 2 * Pad);
            return new Frame(width, height, top);
        }

        public Frame Scaled(double factor) => this with { Width = Width * factor, Height = Height * factor };
    }

    /// <summary>Projects <paramref name="words"/> (<see cref="Pca"/>) and writes the SVG to <paramref name="path"/>
    /// (replaced atomically, as every output of this library).</summary>
    public static void WriteSvg(string path, WordVectors vectors, IReadOnlyList<string> words, bool pairs = false, string? title = null)
    {
        var projection = Pca(vectors, words);
        OutputFile.Write(path, s => WriteSvg(s, projection, pairs, title));
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
