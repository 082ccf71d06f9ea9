using System.Buffers.Binary;
using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// Mutated model files through <see cref="Word2VecModel.Load(Stream, string)"/> (from a seekable stream and from one of
/// unknown length) and, when they fail, through <c>-load-model</c>. Each must load (a change the format allows, such as
/// another seed with the checksum recomputed) or fail with one clear error, within the fuzz timeout; the command must
/// print that one line, exit 1 and write nothing. Half the mutants get their checksum recomputed, so that the checks
/// behind it (lengths, counts, settings, duplicates) are reached. Fixed seed: a failure names the seed and the mutant.
/// </summary>
public sealed class ModelFileFuzzTests
{
    private const int Seed = 4711;
    private const int Mutants = 400;

    private static readonly Lazy<byte[]> s_base = new(() => ModelFixtures.Save(ModelFixtures.Model));

    public sealed record Mutant(string What, byte[] Bytes);

    /// <summary>Mutant <paramref name="index"/> of <paramref name="seed"/>: depends on nothing else, so it replays alone.</summary>
    public static Mutant Create(int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        byte[] f = (byte[])s_base.Value.Clone();
        bool reseal = rng.Next(2) == 0;
        string what;
        switch (rng.Next(7))
        {
            case 0:
                {
                    int n = 1 + rng.Next(4);
                    for (int i = 0; i < n; i++) f[rng.Next(f.Length)] ^= (byte)(1 << rng.Next(8));
                    what = $"{n} bit flips";
                    break;
                }
            case 1:
                {
                    int cut = rng.Next(f.Length);
                    return new($"cut to {cut} bytes", f[..cut]);
                }
            case 2:
                {
                    // A field of the header or the state set to a boundary value.
                    int at = rng.Next(0, 112 / 4) * 4;
                    int[] values = [0, -1, 1, 2, int.MaxValue, int.MinValue, 100_000, 4096, 4097, 0x7F800000, 0x7FC00000];
                    int v = values[rng.Next(values.Length)];
                    BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(at), v);
                    what = $"int at {at} = {v}";
                    break;
                }
            case 3:
                {
                    // A word's count or length (after the thread states) set to a boundary value.
                    int threads = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(84));
                    int vocab = 112 + 12 * threads;
                    int words = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(vocab));
                    int w = rng.Next(words);
                    long[] values = [0, -1, 1, long.MaxValue, 999_999_999_999_999_999, 1_000_000_000_000_000_000];
                    if (rng.Next(2) == 0)
                    {
                        long v = values[rng.Next(values.Length)];
                        BinaryPrimitives.WriteInt64LittleEndian(f.AsSpan(vocab + 20 + 8 * w), v);
                        what = $"count of word {w} = {v}";
                    }
                    else
                    {
                        int v = (int)values[rng.Next(3)] + rng.Next(3);
                        BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(vocab + 20 + 8 * words + 4 * w), v);
                        what = $"length of word {w} = {v}";
                    }
                    break;
                }
            case 4:
                {
                    int at = rng.Next(f.Length);
                    int n = 1 + rng.Next(16);
                    var insert = new byte[n];
                    rng.NextBytes(insert);
                    f = [.. f[..at], .. insert, .. f[at..]];
                    what = $"{n} bytes inserted at {at}";
                    break;
                }
            case 5:
                {
                    int at = rng.Next(f.Length);
                    int n = Math.Min(1 + rng.Next(16), f.Length - at);
                    f = [.. f[..at], .. f[(at + n)..]];
                    what = $"{n} bytes removed at {at}";
                    break;
                }
            default:
                {
                    var junk = new byte[rng.Next(200)];
                    rng.NextBytes(junk);
                    int keep = rng.Next(2) == 0 ? 0 : rng.Next(20);
                    return new($"{junk.Length} random bytes after {keep} of the file", [.. f[..keep], .. junk]);
                }
        }
        if (reseal && f.Length >= 32) f = ModelFixtures.Resealed(f);
        return new(what + (reseal ? ", resealed" : ""), f);
    }

    [Test]
    public void Word2VecModel_Load_MutatedFiles_LoadOrFailWithOneErrorAlsoThroughTheCommand()
    {
        string dir = Scratch.NewFolder();
        string modelFile = Path.Combine(dir, "mutant.w2vm");
        string output = Path.Combine(dir, "out.bin");
        var failures = new List<string>();
        int loaded = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Mutants && failures.Count < 10; i++)
        {
            var m = Create(Seed, i);
            bool ok = false;
            string? problem = FuzzRules.WithTimeout(() => Check(m, modelFile, output, out ok));
            if (ok) loaded++;
            if (problem != null) failures.Add($"seed {Seed}, mutant {i} ({m.What}, {m.Bytes.Length} bytes): {problem}");
        }
        TestContext.Progress.WriteLine($"model fuzz: {Mutants} mutants ({loaded} loaded), {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(loaded, Is.GreaterThan(0).And.LessThan(Mutants / 2), "some resealed changes are valid, most mutants are not");
    }

    private static string? Check(Mutant m, string modelFile, string output, out bool ok)
    {
        ok = false;
        string? first = null;
        foreach (bool forwardOnly in new[] { false, true })
        {
            Stream s = forwardOnly ? new ModelFixtures.ForwardOnly(m.Bytes) : new MemoryStream(m.Bytes);
            string? error;
            try
            {
                var model = Word2VecModel.Load(s, "model file " + modelFile);
                if (model.Vectors.Length != model.Vocabulary.Count * model.Size) return "loaded a model whose vectors do not match its vocabulary";
                error = null;
            }
            catch (Word2VecException e)
            {
                error = e.Message;
                if (FuzzRules.MessageProblem(e.Message, modelFile) is { } bad) return bad;
            }
            if (forwardOnly && (error == null) != (first == null)) return $"loads from one stream and not the other: '{first}' / '{error}'";
            first = error;
        }
        if (first == null)
        {
            ok = true;
            return null;
        }
        File.WriteAllBytes(modelFile, m.Bytes);
        var r = OurCli.Run("-train", ModelFixtures.Corpus, "-load-model", modelFile, "-output", output, "-debug", "0");
        if (FuzzRules.CliProblem(r, modelFile) is { } cli) return "command: " + cli;
        if (r.Code == 0) return "the command loaded what the library refused";
        if (r.Stdout.Length != 0) return $"the command printed '{FuzzRules.Show(r.Stdout)}' before its error";
        if (File.Exists(output)) return "the command wrote an output";
        return null;
    }
}
