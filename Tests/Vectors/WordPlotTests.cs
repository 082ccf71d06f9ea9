using System.Text;
using System.Xml.Linq;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The 2-D PCA projection is checked against known geometry, and the SVG is well-formed and labelled.</summary>
public sealed class WordPlotTests
{
    /// <summary>Points of a plane, rotated into 6 dimensions and shifted: PCA must find the plane, so every distance
    /// between two projected points equals the distance between the vectors.</summary>
    [Test]
    public void WordPlot_Pca2_KeepsDistancesOfPlanarData()
    {
        var rnd = new Random(4);
        double[][] plane = Enumerable.Range(0, 12).Select(_ => new[] { rnd.NextDouble() * 10 - 5, rnd.NextDouble() * 3 - 1.5 }).ToArray();
        // An orthonormal pair of 6-D directions, and an offset.
        double[] a = [0.5, 0.5, 0.5, 0.5, 0, 0];
        double[] b = [0.5, -0.5, 0, 0, 0.5, -0.5];
        double[] offset = [3, -1, 2, 0.5, 7, -4];
        var rows = plane.Select(p => Enumerable.Range(0, 6).Select(k => offset[k] + p[0] * a[k] + p[1] * b[k]).ToArray()).ToArray();

        var (x, y, _) = WordPlot.Pca2(rows);

        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = i + 1; j < rows.Length; j++)
            {
                double original = Math.Sqrt(rows[i].Zip(rows[j], (u, v) => (u - v) * (u - v)).Sum());
                double projected = Math.Sqrt((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j]));
                Assert.That(projected, Is.EqualTo(original).Within(1e-9), $"points {i} and {j}");
            }
        }
        // The first component carries the larger spread (the plane's first axis spans 10, the second 3).
        Assert.That(Variance(x), Is.GreaterThan(Variance(y)));
        Assert.That(x.Sum(), Is.EqualTo(0).Within(1e-9), "centred");
    }

    [Test]
    public void WordPlot_Pca2_FirstAxisIsTheDirectionOfLargestVariance()
    {
        // Along (1, 1, 0) the points spread by 4, along (0, 0, 1) by 1: the first coordinate is the projection on (1, 1, 0)/sqrt 2.
        double[][] rows = [[2, 2, 0], [-2, -2, 0], [0, 0, 1], [0, 0, -1]];
        var (x, y, total) = WordPlot.Pca2(rows);
        Assert.That(x, Is.EqualTo(new[] { 2 * Math.Sqrt(2), -2 * Math.Sqrt(2), 0, 0 }).Within(1e-9));
        Assert.That(y.Select(Math.Abs), Is.EqualTo(new[] { 0, 0, 1.0, 1.0 }).Within(1e-9));
        Assert.That(total, Is.EqualTo(18).Within(1e-9), "the sum of squared lengths of the centred rows");
    }

    /// <summary>The explained variance of each axis is its share of the total, and the SVG's axis names show it.</summary>
    [Test]
    public void WordPlot_Pca_ExplainedVarianceIsNamedOnTheAxes()
    {
        var v = VectorFixtures.Load();
        string[] words = ["france", "paris", "italy", "rome", "king"];
        var projection = WordPlot.Pca(v, words);
        var rows = words.Select(w => v.Vector(w).ToArray().Select(f => (double)f).ToArray()).ToArray();
        var mean = Enumerable.Range(0, v.Size).Select(k => rows.Average(r => r[k])).ToArray();
        double total = rows.Sum(r => r.Select((c, k) => (c - mean[k]) * (c - mean[k])).Sum());
        Assert.That(projection.FirstVarianceRatio, Is.EqualTo(projection.Points.Sum(p => p.X * p.X) / total).Within(1e-12));
        Assert.That(projection.SecondVarianceRatio, Is.EqualTo(projection.Points.Sum(p => p.Y * p.Y) / total).Within(1e-12));
        Assert.That(projection.FirstVarianceRatio, Is.GreaterThanOrEqualTo(projection.SecondVarianceRatio).And.GreaterThan(0.3));
        Assert.That(projection.Points, Is.EqualTo(WordPlot.Project(v, words)));
        using var ms = new MemoryStream();
        WordPlot.WriteSvg(ms, projection);
        var axes = Texts(XDocument.Parse(Encoding.UTF8.GetString(ms.ToArray())), "axis");
        string Percent(double r) => (r * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(axes, Is.EqualTo(new[]
        {
            $"PC1 ({Percent(projection.FirstVarianceRatio)}% of variance)", $"PC2 ({Percent(projection.SecondVarianceRatio)}% of variance)",
        }));
    }

    [Test]
    public void WordPlot_WriteSvg_IsWellFormedWithEveryLabelAndPairLines()
    {
        var v = VectorFixtures.Load();
        var points = WordPlot.Project(v, ["france", "paris", "italy", "rome"]);
        using var ms = new MemoryStream();
        WordPlot.WriteSvg(ms, points, pairs: true, title: "capitals <&>");
        var doc = XDocument.Parse(Encoding.UTF8.GetString(ms.ToArray()));
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.That(doc.Root!.Name, Is.EqualTo(svg + "svg"));
        Assert.That(Texts(doc, "label"), Is.EqualTo(new[] { "france", "paris", "italy", "rome" }));
        Assert.That(Texts(doc, "title"), Is.EqualTo(new[] { "capitals <&>" }));
        Assert.That(Texts(doc, "axis"), Is.EqualTo(new[] { "PC1", "PC2" }), "points alone do not know the variance");
        Assert.That(doc.Descendants(svg + "circle").Count(), Is.EqualTo(4));
        Assert.That(doc.Descendants(svg + "line").Count(l => l.Attribute("stroke-dasharray") != null), Is.EqualTo(2), "france-paris and italy-rome");
    }

    [Test]
    public void WordPlot_Project_UnknownWordIsKeyNotFound()
    {
        var v = VectorFixtures.Load();
        Assert.That(() => WordPlot.Project(v, ["france", "atlantis"]), Throws.InstanceOf<KeyNotFoundException>().With.Message.Contains("atlantis"));
        Assert.That(() => WordPlot.Project(v, ["france"]), Throws.ArgumentException);
    }

    [Test]
    public void Cli_Plot_WritesTheSvgFile()
    {
        string vectors = Scratch.File(VectorFixtures.File(binary: true));
        string output = Path.Combine(Path.GetDirectoryName(vectors)!, "plot.svg");
        var (code, _, err) = OurCli.Run("plot", "-output", output, "-pairs", "1", vectors, "france", "paris", "italy", "rome");
        Assert.That(code, Is.Zero, err);
        var doc = XDocument.Parse(File.ReadAllText(output));
        Assert.That(Texts(doc, "label"), Is.EqualTo(new[] { "france", "paris", "italy", "rome" }));
        Assert.That(Texts(doc, "axis"), Has.All.Match("^PC[12] \\([0-9]+\\.[0-9]% of variance\\)$"));
    }

    [TestCase("atlantis", "not in the vocabulary")]
    [TestCase("", "at least two words")]
    public void Cli_Plot_BadInputIsOneLine(string word, string message)
    {
        string vectors = Scratch.File(VectorFixtures.File(binary: true));
        string[] args = word.Length > 0 ? ["plot", vectors, "france", word] : ["plot", vectors, "france"];
        var (code, _, err) = OurCli.Run(args);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain(message).And.EndWith("\n"));
        Assert.That(err.TrimEnd('\n'), Does.Not.Contain("\n"));
    }

    /// <summary>plot's options are its own and read strictly: one given twice is refused, not the last one taken.</summary>
    [Test]
    public void Cli_Plot_AnOptionGivenTwiceIsRefused()
    {
        string vectors = Scratch.File(VectorFixtures.File(binary: true));
        string dir = Path.GetDirectoryName(vectors)!;
        var (code, _, err) = OurCli.Run("plot", "-output", Path.Combine(dir, "a.svg"), "-output", Path.Combine(dir, "b.svg"), vectors, "france", "paris");
        Assert.That((code, err), Is.EqualTo((1, "ERROR: -output is given twice\n")));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "vec.bin" }), "nothing written");
    }

    /// <summary>An -output that is the vectors file (another spelling of it, or a link to it) is refused: the SVG would
    /// replace the vectors.</summary>
    [Test]
    public void Cli_Plot_OutputOverTheVectorsFileIsRefused()
    {
        string vectors = Scratch.File(VectorFixtures.File(binary: true));
        string dir = Path.GetDirectoryName(vectors)!;
        File.CreateSymbolicLink(Path.Combine(dir, "link.svg"), vectors);
        var before = File.ReadAllBytes(vectors);
        foreach (string output in (string[])[vectors, Path.Combine(dir, ".", "vec.bin"), Path.Combine(dir, "link.svg")])
        {
            var (code, _, err) = OurCli.Run("plot", "-output", output, vectors, "france", "paris");
            Assert.That((code, err), Is.EqualTo((1, $"ERROR: -output {output} is the vectors file plot reads\n")));
        }
        var empty = OurCli.Run("plot", "-output", Path.Combine(dir, "p.svg"), "", "france", "paris");
        Assert.That(empty.Code, Is.EqualTo(1));
        Assert.That(empty.Stderr, Does.StartWith("ERROR: ").And.EndWith("\n"), "an empty vectors path is one error line");
        Assert.That(File.ReadAllBytes(vectors), Is.EqualTo(before));
    }

    /// <summary>Words that XML cannot hold even escaped (U+FFFE, U+FFFF, a lone surrogate, a control character) are
    /// written as visible escapes, so the SVG stays well-formed; ordinary text outside the BMP is kept.</summary>
    [Test]
    public void WordPlot_WriteSvg_XmlInvalidCharactersAreEscaped()
    {
        PlotPoint[] points =
        [
            new("a\uFFFEb", 0, 0), new("\uFFFF", 1, 0), new("x\uD800y", 0, 1), new("\uDC00", 1, 1),
            new("tab\tnl\n", 2, 2), new("\U0001F600\U0001FFFE\uFDD0", 3, 1),
        ];
        using var ms = new MemoryStream();
        WordPlot.WriteSvg(ms, points, title: "t\uFFFE");
        var doc = XDocument.Parse(Encoding.UTF8.GetString(ms.ToArray()));
        Assert.That(Texts(doc, "title"), Is.EqualTo(new[] { "t\\uFFFE" }));
        Assert.That(Texts(doc, "label"), Is.EqualTo(new[]
        {
            "a\\uFFFEb", "\\uFFFF", "x\\uD800y", "\\uDC00", "tab\\x09nl\\x0a", "\U0001F600\\U0001FFFE\\uFDD0",
        }));
    }

    [Test]
    public void Cli_Plot_NonCharacterWordGivesWellFormedSvg()
    {
        string[] words = ["\uFFFE", "\uFFFF", "ok"];
        string vectors = Scratch.File(WriteVectors(words, [1, 0, 0, 1, 1, 1], binary: false), "vec.txt");
        var (code, stdout, err) = OurCli.Run(["plot", vectors, .. words]);
        Assert.That(code, Is.Zero, err);
        Assert.That(Texts(XDocument.Parse(stdout), "label"), Is.EqualTo(new[] { "\\uFFFE", "\\uFFFF", "ok" }));
    }

    /// <summary>A vector with a NaN or infinite component has no place on a plot: one error line naming the word, exit 1,
    /// and no output file.</summary>
    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void Cli_Plot_NonFiniteVectorIsOneErrorLine(float bad)
    {
        string vectors = Scratch.File(WriteVectors(["good", "bad", "fine"], [1, 0, bad, 1, 0, 1], binary: true));
        string output = Path.Combine(Path.GetDirectoryName(vectors)!, "plot.svg");
        foreach (string[] args in new[] { new[] { "plot", vectors, "good", "bad", "fine" }, ["plot", "-output", output, vectors, "good", "bad", "fine"] })
        {
            var (code, stdout, err) = OurCli.Run(args);
            Assert.That(code, Is.EqualTo(1), stdout);
            Assert.That(err, Does.StartWith("ERROR: ").And.Contain("'bad'").And.Contain("not finite").And.EndWith("\n"));
            Assert.That(err.TrimEnd('\n'), Does.Not.Contain("\n"));
            Assert.That(stdout, Is.Empty);
        }
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void WordPlot_WriteSvg_NonFinitePointIsArgumentException()
    {
        using var ms = new MemoryStream();
        Assert.That(() => WordPlot.WriteSvg(ms, [new("a", 0, 0), new("b", double.NaN, 1)]), Throws.ArgumentException.With.Message.Contains("'b'"));
        Assert.That(() => WordPlot.WriteSvg(ms, [new("a", 0, 0), new("b", 1, double.PositiveInfinity)]), Throws.ArgumentException);
        Assert.That(ms.Length, Is.Zero);
    }

    private static byte[] WriteVectors(string[] words, float[] values, bool binary)
    {
        using var ms = new MemoryStream();
        VectorFileWriter.Write(ms, words.Select(Encoding.UTF8.GetBytes).ToArray(), values, values.Length / words.Length, binary);
        return ms.ToArray();
    }

    /// <summary>The texts of one class (label, title, axis), in document order.</summary>
    private static string[] Texts(XDocument doc, string cls) =>
        [.. doc.Descendants().Where(x => x.Name.LocalName == "text" && (string?)x.Attribute("class") == cls).Select(t => t.Value)];

    private static double Variance(double[] v) => v.Select(a => a * a).Average() - Math.Pow(v.Average(), 2);
}
