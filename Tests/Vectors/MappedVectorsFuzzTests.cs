using NUnit.Framework;
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
        string dir = Path.Combine(VectorFixtures.ScratchRoot, "mapped-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "mutant.bin");
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
}
