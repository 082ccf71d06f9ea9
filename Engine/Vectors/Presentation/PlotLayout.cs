using System.Globalization;
using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>A rectangle of the picture, in SVG user units (y grows downwards).</summary>
internal readonly record struct PlotBox(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public bool Inside(PlotBox outer) => Left >= outer.Left && Top >= outer.Top && Right <= outer.Right && Bottom <= outer.Bottom;

    public double Overlap(PlotBox o)
    {
        double w = Math.Min(Right, o.Right) - Math.Max(Left, o.Left), h = Math.Min(Bottom, o.Bottom) - Math.Max(Top, o.Top);
        return w > 0 && h > 0 ? w * h : 0;
    }
}

/// <summary>Where a label is drawn: its anchor point and SVG text-anchor, and the box it may occupy.</summary>
internal readonly record struct PlacedLabel(double X, double Baseline, string Anchor, PlotBox Box);

/// <summary>
/// Places the labels of a plot so that each lies inside the picture and, where the picture leaves room, clear of
/// every other label and dot: a greedy choice, point by point, among positions around the dot (right, left, above,
/// below, then shifted up or down), of the first that overlaps nothing, or else of the one that overlaps least.
/// Widths are estimated from above: each character as wide as in DejaVu Sans (measured in Chromium, the widest
/// of the usual sans-serif fonts; Arial and Helvetica are narrower) plus 8%, other scripts' characters 1 em, wide
/// (CJK) characters and emoji 1.3 em, combining marks nothing. Labels are anchored on the side of the dot (text-anchor
/// start, end or middle), so a label narrower than its estimate stays inside the box that was placed.
/// </summary>
internal static class PlotLayout
{
    public const double FontSize = 14, Ascent = 1.0 * FontSize, Descent = 0.3 * FontSize, Gap = 7, DotRadius = 4;
    public const double LabelHeight = Ascent + Descent;

    /// <summary>DejaVu Sans advance widths in em of the printable ASCII characters (space to tilde), rounded up.</summary>
    private static readonly double[] s_ascii =
    [
        0.32, 0.41, 0.46, 0.84, 0.64, 0.96, 0.78, 0.28, 0.40, 0.40, 0.50, 0.84, 0.32, 0.37, 0.32, 0.34, 0.64, 0.64, 0.64, 0.64,
        0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.34, 0.34, 0.84, 0.84, 0.84, 0.54, 1.00, 0.69, 0.69, 0.70, 0.78, 0.64, 0.58, 0.78,
        0.76, 0.30, 0.30, 0.66, 0.56, 0.87, 0.75, 0.79, 0.61, 0.79, 0.70, 0.64, 0.62, 0.74, 0.69, 0.99, 0.69, 0.62, 0.69, 0.40,
        0.34, 0.40, 0.84, 0.50, 0.50, 0.62, 0.64, 0.55, 0.64, 0.62, 0.36, 0.64, 0.64, 0.28, 0.28, 0.58, 0.28, 0.98, 0.64, 0.62,
        0.64, 0.64, 0.42, 0.53, 0.40, 0.64, 0.60, 0.82, 0.60, 0.60, 0.53, 0.64, 0.34, 0.64, 0.84,
    ];

    /// <summary>An upper bound of the width <paramref name="text"/> takes at <paramref name="fontSize"/>.</summary>
    public static double TextWidth(string text, double fontSize = FontSize)
    {
        double em = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            int c = rune.Value;
            if (c is >= 0x20 and < 0x7F) em += s_ascii[c - 0x20];
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) em += 0;
            else if (IsWide(c)) em += 1.3;
            else em += 1.0;
        }
        return em * 1.08 * fontSize + 1;
    }

    /// <summary>East Asian wide and full-width characters, and emoji and other pictographs.</summary>
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F or >= 0x2600 and <= 0x27BF or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F000 and <= 0x1FAFF or >= 0x20000 and <= 0x3FFFD;

    /// <summary>Places one label per dot inside <paramref name="area"/>; <paramref name="widths"/> are the labels' width
    /// bounds. Returns the labels and how many pairs of them overlap.</summary>
    public static (PlacedLabel[] Labels, int Overlaps) Place(IReadOnlyList<(double X, double Y)> dots, IReadOnlyList<double> widths, PlotBox area)
    {
        var dotBoxes = dots.Select(d => new PlotBox(d.X - DotRadius, d.Y - DotRadius, d.X + DotRadius, d.Y + DotRadius)).ToArray();
        var placed = new PlacedLabel[dots.Count];
        var boxes = new List<PlotBox>(dots.Count);
        for (int i = 0; i < dots.Count; i++)
        {
            PlacedLabel? best = null;
            double bestCost = double.MaxValue;
            int rank = 0;
            foreach (var candidate in Candidates(dots[i].X, dots[i].Y, widths[i]))
            {
                rank++;
                if (!candidate.Box.Inside(area)) continue;
                double cost = 0;
                foreach (var b in boxes) cost += candidate.Box.Overlap(b);
                for (int j = 0; j < dotBoxes.Length; j++)
                    if (j != i) cost += 0.5 * candidate.Box.Overlap(dotBoxes[j]);
                if (cost == 0)
                {
                    best = candidate;
                    break;
                }
                cost += rank * 1e-3;
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = candidate;
                }
            }
            // The picture is made wide enough for the right or the left position of every dot: one always fits.
            placed[i] = best ?? throw new InvalidOperationException("no label position fits the picture");
            boxes.Add(placed[i].Box);
        }
        int overlaps = 0;
        for (int i = 0; i < boxes.Count; i++)
            for (int j = i + 1; j < boxes.Count; j++)
                if (boxes[i].Overlap(boxes[j]) > 0) overlaps++;
        return (placed, overlaps);
    }

    /// <summary>Positions around a dot at (x, y) for a label of width <paramref name="w"/>, in order of preference.</summary>
    private static IEnumerable<PlacedLabel> Candidates(double x, double y, double w)
    {
        double half = LabelHeight / 2;
        yield return Side(x, y, w, right: true, 0);
        yield return Side(x, y, w, right: false, 0);
        double above = y - DotRadius - 2 - half, below = y + DotRadius + 2 + half;
        yield return Middle(x, above, w);
        yield return Middle(x, below, w);
        foreach (int k in new[] { -1, 1 })
        {
            yield return Side(x, y, w, right: true, k * half);
            yield return Side(x, y, w, right: false, k * half);
        }
        foreach (double cy in new[] { above, below })
        {
            yield return Start(x - DotRadius, cy, w);
            yield return End(x + DotRadius, cy, w);
        }
        foreach (int k in new[] { -2, 2, -3, 3, -4, 4 })
        {
            yield return Side(x, y, w, right: true, k * half);
            yield return Side(x, y, w, right: false, k * half);
        }
    }

    private static PlacedLabel Side(double x, double y, double w, bool right, double shift) =>
        right ? Start(x + Gap, y + shift, w) : End(x - Gap, y + shift, w);

    /// <summary>A label whose box is centred vertically on <paramref name="cy"/> and starts at <paramref name="x"/>.</summary>
    private static PlacedLabel Start(double x, double cy, double w) =>
        new(x, Baseline(cy), "start", new PlotBox(x, cy - LabelHeight / 2, x + w, cy + LabelHeight / 2));

    private static PlacedLabel End(double x, double cy, double w) =>
        new(x, Baseline(cy), "end", new PlotBox(x - w, cy - LabelHeight / 2, x, cy + LabelHeight / 2));

    private static PlacedLabel Middle(double x, double cy, double w) =>
        new(x, Baseline(cy), "middle", new PlotBox(x - w / 2, cy - LabelHeight / 2, x + w / 2, cy + LabelHeight / 2));

    private static double Baseline(double cy) => cy + LabelHeight / 2 - Descent;
}
