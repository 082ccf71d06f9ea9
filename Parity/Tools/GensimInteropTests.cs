using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Parity.Tools;

/// <summary>Interoperability with gensim's KeyedVectors: each side reads the files the other writes (binary
/// bit for bit), and most-similar gives the same top 10.</summary>
public class GensimInteropTests
{
    private const string Dump = """
import sys, numpy as np
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=sys.argv[2] == '1')
np.ascontiguousarray(kv.vectors, dtype=np.float32).tofile(sys.argv[3])
with open(sys.argv[4], 'wb') as f:
    for k in kv.index_to_key: f.write(k.encode('utf8') + b'\n')
""";

    private const string Save = """
import sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
kv.save_word2vec_format(sys.argv[2], binary=True)
kv.save_word2vec_format(sys.argv[3], binary=False)
""";

    private const string MostSimilar = """
import sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
for w in open(sys.argv[2], encoding='utf8').read().split('\n'):
    if not w: continue
    print(w + '\t' + '\t'.join('%s %.9g' % (k, s) for k, s in kv.most_similar(w, topn=10)))
""";

    private static void AssertGensimReadsSame(string dir, string file, bool binary, WordVectors expected)
    {
        string vecs = Path.Combine(dir, "dump.f32"), keys = Path.Combine(dir, "keys.txt");
        Gensim.Run(dir, Dump, file, binary ? "1" : "0", vecs, keys);
        var words = File.ReadAllText(keys, Encoding.UTF8).Split('\n')[..^1];
        Assert.That(words, Has.Length.EqualTo(expected.Count));
        for (int i = 0; i < words.Length; i++) Assert.That(words[i], Is.EqualTo(expected.Word(i)));
        var floats = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(vecs)).ToArray();
        Assert.That(floats.AsSpan().SequenceEqual(expected.Vectors), Is.True, "gensim's vectors differ from ours");
    }

    [Test]
    public void Gensim_ReadsOurBinaryAndTextFiles_BitEqual()
    {
        Gensim.Require();
        string dir = ToolFixtures.NewDir("gensim-");
        string bin = ToolFixtures.Model();
        var ours = WordVectors.Load(bin);
        AssertGensimReadsSame(dir, bin, true, ours);
        string text = Path.Combine(dir, "vec.txt");
        ours.Save(text, binary: false);
        // Text holds six decimals: gensim's floats must equal what our loader makes of the same text.
        AssertGensimReadsSame(dir, text, false, WordVectors.Load(text));
    }

    [Test]
    public void WordVectors_ReadsFilesGensimWrites()
    {
        Gensim.Require();
        string dir = ToolFixtures.NewDir("gensim-");
        string bin = ToolFixtures.Model();
        string gbin = Path.Combine(dir, "g.bin"), gtxt = Path.Combine(dir, "g.txt");
        Gensim.Run(dir, Save, bin, gbin, gtxt);
        var original = WordVectors.Load(bin);
        var fromBin = WordVectors.Load(gbin);
        var fromText = WordVectors.Load(gtxt);
        Assert.That(fromBin.Count, Is.EqualTo(original.Count));
        Assert.That(fromBin.Vectors.SequenceEqual(original.Vectors), Is.True, "gensim binary");
        Assert.That(fromText.Count, Is.EqualTo(original.Count));
        Assert.That(fromText.Word(original.Count - 1), Is.EqualTo(original.Word(original.Count - 1)));
        // gensim's text holds repr() floats, which read back to the same float32.
        Assert.That(fromText.Vectors.SequenceEqual(original.Vectors), Is.True, "gensim text");
    }

    [Test]
    public void MostSimilar_Top10_SameAsGensim()
    {
        Gensim.Require();
        string dir = ToolFixtures.NewDir("gensim-");
        string bin = ToolFixtures.Model();
        var ours = WordVectors.Load(bin);
        var rnd = new Random(5);
        var queries = Enumerable.Range(0, 100).Select(i => ours.Word(1 + (i < 50 ? i * 3 : rnd.Next(ours.Count - 1)))).Distinct().ToArray();
        string qfile = Path.Combine(dir, "queries.txt");
        File.WriteAllText(qfile, string.Join('\n', queries) + "\n", new UTF8Encoding(false));
        var lines = Gensim.Run(dir, MostSimilar, bin, qfile).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(queries.Length));
        foreach (var line in lines)
        {
            var parts = line.Split('\t');
            var expected = parts[1..].Select(p => { int s = p.LastIndexOf(' '); return (Word: p[..s], Score: double.Parse(p[(s + 1)..], CultureInfo.InvariantCulture)); }).ToArray();
            var got = ours.MostSimilar(parts[0], 10);
            Assert.That(got, Has.Count.EqualTo(10));
            for (int k = 0; k < 10; k++)
            {
                Assert.That(got[k].Similarity, Is.EqualTo(expected[k].Score).Within(1e-5), $"{parts[0]} #{k}");
                if (got[k].Word == expected[k].Word) continue;
                // Only words whose scores tie within 1e-6 may swap (also across the tenth place).
                int j = Array.FindIndex(expected, e => e.Word == got[k].Word);
                bool tie = Math.Abs(got[k].Similarity - expected[k].Score) <= 1e-6 && (j < 0 || Math.Abs(expected[j].Score - expected[k].Score) <= 1e-6);
                Assert.That(tie, Is.True,
                    $"{parts[0]} #{k}: ours '{got[k].Word}' ({got[k].Similarity}), gensim '{expected[k].Word}' ({expected[k].Score})");
            }
        }
    }
}
