using System.Globalization;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The plot's labels as a browser draws them: several SVGs are rendered in headless Chromium, which measures
/// the box of every text (labels, title, axis names); every box must lie inside the picture, and no two may overlap.
/// One crowded picture, where overlaps cannot all be avoided, is held to a bound.</summary>
public sealed class WordPlotLayoutTests
{
    private sealed record Box(string Cls, string Text, double L, double T, double R, double B)
    {
        public bool Overlaps(Box o) => Math.Min(R, o.R) - Math.Max(L, o.L) > 0.01 && Math.Min(B, o.B) - Math.Max(T, o.T) > 0.01;
    }

    private sealed record Picture(double W, double H, Box[] Texts);

    private const string Script = """
<pre id="result"></pre>
<script>
var out = [];
document.querySelectorAll('svg').forEach(function (svg) {
  var s = svg.getBoundingClientRect();
  var texts = [];
  svg.querySelectorAll('text').forEach(function (t) {
    var r = t.getBoundingClientRect();
    texts.push({cls: t.getAttribute('class') || '', text: t.textContent, l: r.left - s.left, t: r.top - s.top, r: r.right - s.left, b: r.bottom - s.top});
  });
  out.push({w: s.width, h: s.height, texts: texts});
});
document.getElementById('result').textContent = JSON.stringify(out);
</script>
""";

    /// <summary>The capitals and sciences of the README's example, where the coordinates of a text8 model put
    /// "mathematics" and "philosophy" at the right edge and "france" on "germany".</summary>
    private static PlotPoint[] Capitals() =>
    [
        new("china", 218.85, -493.89), new("beijing", 543.44, -554.62), new("japan", 212.07, -550.53), new("tokyo", 459.92, -559.9),
        new("france", 35, -368.96), new("paris", 236.86, -403.94), new("germany", 39.85, -367.74), new("berlin", 272.95, -489.42),
        new("italy", 156.08, -374.27), new("rome", 238.64, -226.6), new("russia", 143.12, -400.09), new("moscow", 414.57, -454.4),
        new("mathematics", 785, -436.48), new("philosophy", 762, -48.1), new("physics", 770.46, -460.97), new("chemistry", 744.06, -547.05),
    ];

    private static PlotPoint[] Random(int count, int seed, double spread)
    {
        var r = new Random(seed);
        string[] syllables = ["ka", "lo", "mi", "ter", "on", "sta", "bri", "que", "wu", "ness", "tion", "ph"];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            string word = string.Concat(Enumerable.Range(0, r.Next(1, 6)).Select(_ => syllables[r.Next(syllables.Length)]));
            double gx = Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
            double gy = Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Sin(2 * Math.PI * r.NextDouble());
            return new PlotPoint(word + i.ToString(CultureInfo.InvariantCulture), gx * spread, gy);
        })];
    }

    private static IEnumerable<(string Name, string Svg)> Cases()
    {
        static string Svg(Action<Stream> write)
        {
            using var ms = new MemoryStream();
            write(ms);
            return Encoding.UTF8.GetString(ms.ToArray());
        }
        yield return ("capitals", Svg(s => WordPlot.WriteSvg(s, Capitals(), pairs: true, title: "capitals")));
        PlotPoint[] edges =
        [
            new("internationalization", 10, 0), new("counterrevolutionaries", 10, 1), new("electroencephalography", 10, 2),
            new("a", 0, 0), new("thisisaverylongwordindeedyes", 0, 2), new("mid", 5, 1), new("WWWWWWWWWWWWWWWWWWWW", 10, 1.5),
        ];
        yield return ("right edge", Svg(s => WordPlot.WriteSvg(s, edges)));
        PlotPoint[] unicode =
        [
            new("東京", 0, 0), new("\U0001F600\U0001F680", 1, 0), new("naïve", 2, 0), new("Ελλάδα", 3, 0), new("Москва", 4, 0),
            new("e\u0301te\u0301", 5, 0), new("\uFFFE", 6, 0), new("a\tb", 7, 0), new("ﬁnal", 8, 0), new("Straße", 9, 1),
            new("서울", 0, 1), new("تونس", 1, 1), new("ไทย", 2, 1), new("&<>\"", 3, 1),
        ];
        yield return ("unicode", Svg(s => WordPlot.WriteSvg(s, unicode, title: "scripts")));
        yield return ("long title", Svg(s => WordPlot.WriteSvg(s, Capitals()[..4], title: string.Concat(Enumerable.Repeat("a long title, ", 12)))));
        yield return ("crowd", Svg(s => WordPlot.WriteSvg(s, [.. Random(40, seed: 3, spread: 2), new("twin", 0.5, 0.5), new("twin2", 0.5, 0.5)])));
        var v = VectorFixtures.Load();
        yield return ("projection", Svg(s => WordPlot.WriteSvg(s, WordPlot.Pca(v, ["france", "paris", "italy", "rome", "king", "queen", "man", "woman", "apple"]), pairs: true)));
        yield return ("dense", Svg(s => WordPlot.WriteSvg(s, Random(150, seed: 8, spread: 1.5))));
    }

    [Test]
    public void WordPlot_WriteSvg_LabelsInsideThePictureAndApart()
    {
        Chromium.Require();
        var cases = Cases().ToArray();
        string dir = Scratch.NewFolder();
        string page = Path.Combine(dir, "plots.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"margin:0\">\n"
            + string.Concat(cases.Select(c => "<div>" + c.Svg + "</div>\n")) + Script + "</body></html>\n");
        var pictures = JsonSerializer.Deserialize<Picture[]>(Chromium.Measure(page), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        Assert.That(pictures, Has.Length.EqualTo(cases.Length));

        var problems = new List<string>();
        for (int c = 0; c < cases.Length; c++)
        {
            var (name, svg) = cases[c];
            var p = pictures[c];
            int words = svg.Split("class=\"label\"").Length - 1;
            Assert.That(p.Texts.Count(t => t.Cls == "label"), Is.EqualTo(words), name);
            Assert.That(p.Texts.Count(t => t.Cls == "axis"), Is.EqualTo(2), name);
            foreach (var t in p.Texts)
            {
                if (t.L < -0.01 || t.T < -0.01 || t.R > p.W + 0.01 || t.B > p.H + 0.01)
                    problems.Add($"{name}: '{t.Text}' [{t.L:F1}, {t.T:F1}, {t.R:F1}, {t.B:F1}] passes the picture's edge ({p.W} x {p.H})");
            }
            int overlaps = 0;
            for (int i = 0; i < p.Texts.Length; i++)
            {
                for (int j = i + 1; j < p.Texts.Length; j++)
                {
                    if (!p.Texts[i].Overlaps(p.Texts[j])) continue;
                    overlaps++;
                    if (name != "dense") problems.Add($"{name}: '{p.Texts[i].Text}' overlaps '{p.Texts[j].Text}'");
                }
            }
            TestContext.Out.WriteLine($"{name}: {p.W} x {p.H}, {words} labels, {overlaps} overlapping pairs of texts");
            // 150 words in one cloud: the picture grows to about twice its size and some labels still meet.
            if (name == "dense" && overlaps > 15) problems.Add($"dense: {overlaps} overlapping pairs of texts (at most 15 expected)");
        }
        Assert.That(problems, Is.Empty);
    }
}
