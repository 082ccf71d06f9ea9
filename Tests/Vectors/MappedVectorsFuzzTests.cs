using System.Buffers.Binary;
using System.Security.Cryptography;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Tests.Fuzz;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>
/// The mutated vectors files of <see cref="VectorFileMutants"/> opened memory-mapped: a file the loader reads as binary
/// opens with the same words and float bits; any other fails with one clear <see cref="Word2VecException"/> (the
/// loader's message, or the refusal of a text file) and leaves no index behind. Fixed seed: a failure names the mutant.
/// </summary>
public sealed class MappedVectorsFuzzTests
{
    private const int Seed = 977;
    private const int Mutants = 600;

    [Test]
    public void WordVectors_OpenMapped_MutatedFiles_OpenAsLoadedOrFailWithOneError()
    {
        using var dir = new TempDir("mapped-fuzz-", Scratch.Root);
        string path = dir.File("mutant.bin");
        var failures = new List<string>();
        int opened = 0;
        for (int i = 0; i < Mutants && failures.Count < 10; i++)
        {
            var m = VectorFileMutants.Create(Seed, i);
            File.WriteAllBytes(path, m.Bytes);
            File.Delete(path + WordVectors.IndexExtension);
            string? problem = FuzzRules.WithTimeout(() => Check(path, ref opened));
            if (problem != null) failures.Add($"seed {Seed}, mutant {i} ({m.What}, {m.Bytes.Length} bytes): {problem}");
        }
        TestContext.Progress.WriteLine($"mapped vectors fuzz: {Mutants} mutants, {opened} opened");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(opened, Is.GreaterThan(Mutants / 10), "enough mutants stay valid binary files");
    }

    private static string? Check(string path, ref int opened)
    {
        VectorFileReader.Result? loaded = null;
        string? loadError = null;
        try { loaded = VectorFileReader.Read(path); }
        catch (Word2VecException e) { loadError = e.Message; }

        WordVectors? mapped = null;
        string? mapError = null;
        try { mapped = WordVectors.OpenMapped(path, rebuildIndex: false); }
        catch (Word2VecException e) { mapError = e.Message; }
        using var _ = mapped;

        if (mapError != null && FuzzRules.MessageProblem(mapError, path) is { } bad) return bad;
        if (mapError != null && File.Exists(path + WordVectors.IndexExtension)) return "an index was left behind: " + mapError;
        if (loaded is { Format: VectorFileFormat.Binary } l)
        {
            if (mapped == null) return $"the loader reads it, mapping refuses it: {mapError}";
            opened++;
            if (mapped.Count != l.Words.Count || mapped.Size != l.Size) return $"{mapped.Count} x {mapped.Size}, loaded {l.Words.Count} x {l.Size}";
            for (int i = 0; i < mapped.Count; i++)
            {
                if (!mapped.WordBytes(i).SequenceEqual(l.Words.Word(i))) return $"word {i} differs";
                if (!MemoryExtensions.SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(mapped.Vector(i)),
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.Vectors.AsSpan(i * l.Size, l.Size)))) return $"row {i} differs";
            }
            return null;
        }
        if (mapped != null) return loaded == null ? $"the loader refuses it ({loadError}), mapping opens it" : "a text file was mapped";
        bool text = mapError!.Contains("is a text vectors file", StringComparison.Ordinal);
        return text || mapError == loadError ? null : $"mapping says '{mapError}', the loader '{loadError}'";
    }

    private const int IndexSeed = 4_211;
    private const int IndexMutants = 360;

    /// <summary>
    /// The index beside a valid vectors file, mutated (<see cref="IndexMutant"/>: bytes flipped, cut short, extended,
    /// header fields and section offsets changed with both checksums recomputed) and replaced by things planted at its
    /// path (<see cref="PlantedAtIndexPath"/>): each case, opened with and without rebuilding, either opens and
    /// answers every query as <see cref="WordVectors.Load(string, VectorFileFormat, int, bool)"/> does, or fails with
    /// one <see cref="Word2VecException"/> line; never another exception, a hang or a wrong answer. Fixed seed.
    /// </summary>
    [Test]
    public void WordVectors_OpenMapped_MutatedOrPlantedIndex_AnswersAsLoadedOrFailsWithOneError()
    {
        using var dir = new TempDir("index-fuzz-", Scratch.Root);
        string path = dir.File("vec.bin"), index = path + WordVectors.IndexExtension;
        File.WriteAllBytes(path, MappedVectorsTests.RandomFile(300, 8, seed: 41));
        using (WordVectors.OpenMapped(path)) { }
        var valid = File.ReadAllBytes(index);
        var loaded = WordVectors.Load(path);
        var expected = Answers(loaded);
        var failures = new List<string>();
        int opened = 0, refused = 0, tried = 0;
        var groups = new SortedDictionary<string, int>(StringComparer.Ordinal);

        void Case(string group, string what, Action plant, bool rebuild)
        {
            tried++;
            groups[group] = groups.GetValueOrDefault(group) + 1;
            Clear(index);
            plant();
            string? problem = FuzzRules.WithTimeout(() => CheckIndexCase(path, rebuild, expected, ref opened, ref refused));
            if (problem != null) failures.Add($"{what}, rebuildIndex: {rebuild}: {problem}");
        }

        for (int i = 0; i < IndexMutants && failures.Count < 10; i++)
        {
            var (group, what, bytes) = IndexMutant(valid, IndexSeed, i);
            Case(group, $"seed {IndexSeed}, mutant {i} ({what})", () => File.WriteAllBytes(index, bytes), rebuild: i % 4 == 3);
        }
        foreach (var (what, plant) in PlantedAtIndexPath(dir.Path, index, valid))
            foreach (bool rebuild in new[] { false, true })
                Case("planted at the path", what, plant, rebuild);
        Clear(index);
        TestContext.Progress.WriteLine($"index fuzz: {tried} cases ({string.Join(", ", groups.Select(g => $"{g.Key}: {g.Value}"))}), "
            + $"{opened} opened and answered as loaded, {refused} refused with one error");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(opened, Is.GreaterThan(tried / 10), "some cases open (rebuilt, or unchanged where it matters not)");
        Assert.That(refused, Is.GreaterThan(tried / 2), "most mutants are refused");
    }

    /// <summary>One mutant of a valid index, from its seed and number: its kind, what was done, and the bytes.</summary>
    internal static (string Group, string What, byte[] Bytes) IndexMutant(byte[] valid, int seed, int number)
    {
        var r = new Random(unchecked(seed * 100_003 + number));
        var b = (byte[])valid.Clone();
        switch (number % 6)
        {
            case 0:
                {
                    int n = r.Next(1, 5);
                    for (int k = 0; k < n; k++) b[r.Next(b.Length)] ^= (byte)r.Next(1, 256);
                    return ("bytes flipped", $"{n} bytes flipped", b);
                }
            case 1:
                {
                    int at = r.Next(256);
                    b[at] ^= (byte)(1 << r.Next(8));
                    RecomputeChecksums(b);
                    return ("header bit flipped, checksums recomputed", $"header byte {at} flipped, checksums recomputed", b);
                }
            case 2:
                {
                    int length = r.Next(3) == 0 ? r.Next(300) : r.Next(b.Length);
                    return ("cut short", $"cut to {length} bytes", b[..length]);
                }
            case 3:
                {
                    var extra = new byte[r.Next(1, 300)];
                    r.NextBytes(extra);
                    if (r.Next(2) == 0) extra.AsSpan().Clear();
                    b = [.. b, .. extra];
                    bool recomputed = r.Next(2) == 0;
                    if (recomputed) RecomputeChecksums(b);
                    return ("extended", $"{extra.Length} bytes appended{(recomputed ? ", checksums recomputed" : "")}", b);
                }
            case 4:
                {
                    // A section offset or the length (88..135), or the words, size, slots or pool bytes (64..87).
                    int[] fields = [64, 68, 72, 80, 88, 96, 104, 112, 120, 128];
                    int at = fields[r.Next(fields.Length)];
                    long old = at < 80 ? BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at));
                    long[] deltas = [1, -1, 4, -4, 8, -8, 64, -64, 4096, -old, -old - 1, int.MaxValue, long.MinValue / 2];
                    long value = unchecked(old + deltas[r.Next(deltas.Length)]);
                    if (at < 80) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), unchecked((int)value));
                    else BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at), value);
                    RecomputeChecksums(b);
                    return ("a count or section offset changed, checksums recomputed", $"header field at {at}: {old} -> {value}, checksums recomputed", b);
                }
            default:
                {
                    // Offsets moved together: every section offset and the length shifted by one amount, the file
                    // cut or padded to match, checksums recomputed.
                    long shift = 64L * r.Next(-2, 3) + (r.Next(2) == 0 ? 0 : r.Next(-8, 9));
                    for (int at = 96; at <= 128; at += 8)
                        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at), BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at)) + shift);
                    long length = Math.Max(256, b.Length + shift);
                    Array.Resize(ref b, (int)length);
                    RecomputeChecksums(b);
                    return ("sections shifted, checksums recomputed", $"sections shifted by {shift}, checksums recomputed", b);
                }
        }
    }

    /// <summary>Makes an index's two SHA-256 checksums agree with its bytes: its sections (bytes 256 to the end) into
    /// bytes 136-167, then its header (bytes 0-223) into bytes 224-255.</summary>
    internal static void RecomputeChecksums(byte[] index)
    {
        if (index.Length < 256) return;
        SHA256.HashData(index.AsSpan(256), index.AsSpan(136, 32));
        SHA256.HashData(index.AsSpan(0, 224), index.AsSpan(224, 32));
    }

    /// <summary>Things planted at the index path: links (dangling, to another file's index, to this file's index
    /// elsewhere, to /dev/zero, to the vectors file), a FIFO, a directory, an empty file, and, as root, this file's own
    /// index given to another user.</summary>
    private static IEnumerable<(string What, Action Plant)> PlantedAtIndexPath(string dir, string index, byte[] valid)
    {
        string other = Path.Combine(dir, "other.bin");
        File.WriteAllBytes(other, MappedVectorsTests.RandomFile(50, 8, seed: 42));
        using (WordVectors.OpenMapped(other)) { }
        string copy = Path.Combine(dir, "copy-of-the-index");
        File.WriteAllBytes(copy, valid);
        yield return ("a dangling link", () => File.CreateSymbolicLink(index, Path.Combine(dir, "nowhere")));
        yield return ("a link to another file's index", () => File.CreateSymbolicLink(index, other + WordVectors.IndexExtension));
        yield return ("a link to this file's index elsewhere", () => File.CreateSymbolicLink(index, copy));
        yield return ("a link to /dev/zero", () => File.CreateSymbolicLink(index, "/dev/zero"));
        yield return ("a link to the vectors file", () => File.CreateSymbolicLink(index, Path.Combine(dir, "vec.bin")));
        yield return ("a FIFO", () => ProcessRunner.RunChecked("mkfifo", [index], timeoutSeconds: 30));
        yield return ("a directory", () => Directory.CreateDirectory(index));
        yield return ("an empty file", () => File.WriteAllBytes(index, []));
        yield return ("the valid index, unchanged", () => File.WriteAllBytes(index, valid));
        if (FileStatus.EffectiveUser() == 0)
            yield return ("the valid index, owned by another user", () =>
            {
                File.WriteAllBytes(index, valid);
                ProcessRunner.RunChecked("chown", ["12345", index], timeoutSeconds: 30);
            }
            );
    }

    private static void Clear(string index)
    {
        if (Directory.Exists(index) && new FileInfo(index).LinkTarget == null) Directory.Delete(index, recursive: true);
        else File.Delete(index);
    }

    private static string? CheckIndexCase(string path, bool rebuild, List<string> expected, ref int opened, ref int refused)
    {
        WordVectors v;
        try
        {
            v = WordVectors.OpenMapped(path, rebuildIndex: rebuild);
        }
        catch (Word2VecException e)
        {
            refused++;
            return FuzzRules.MessageProblem(e.Message, path + WordVectors.IndexExtension);
        }
        using (v)
        {
            try
            {
                var got = Answers(v);
                for (int k = 0; k < expected.Count; k++)
                    if (got[k] != expected[k]) return $"opened, and answer {k} differs from the loaded file's";
                opened++;
                return null;
            }
            catch (Word2VecException e)
            {
                refused++;
                return FuzzRules.MessageProblem(e.Message, path + WordVectors.IndexExtension);
            }
        }
    }

    /// <summary>Every row's word, bits and length, every word's lookup, and the queries of
    /// <see cref="MappedVectorsTests.QueryAnswers"/>.</summary>
    private static List<string> Answers(WordVectors v)
    {
        var answers = new List<string> { $"{v.Count} x {v.Size}" };
        for (int i = 0; i < v.Count; i++)
            answers.Add($"{v.Word(i)} {v.IndexOf(v.Word(i))} {MappedVectorsTests.Bits(v.Vector(i))} {MappedVectorsTests.Bits([v.Norm(i)])}");
        answers.AddRange(MappedVectorsTests.QueryAnswers(v));
        return answers;
    }
}
