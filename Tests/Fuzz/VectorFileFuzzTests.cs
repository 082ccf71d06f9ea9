using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// Mutated word-vectors files (see <see cref="VectorFileMutants"/>) through <see cref="WordVectors.Load(Stream, VectorFileFormat, int, string)"/>
/// from memory, from a stream of unknown length, with a word limit and from a file, and a share of them through the <c>distance</c> and <c>compute-accuracy</c>
/// commands. Each must either load as <see cref="ReferenceVectorDecoder"/> decodes it or fail with one clear
/// error. Fixed seed: a failure names the seed and the mutant, and <see cref="VectorFileMutants.Create"/>
/// rebuilds it.
/// </summary>
public sealed class VectorFileFuzzTests : FolderTests
{
    private const int Seed = 611;
    private const int Mutants = 2400;
    private const int CliEvery = 6;

    /// <summary>
    /// Bytes one load may allocate for a file of <c>length</c> bytes. The reader allocates a fixed 256 KB read
    /// buffer and the vocabulary's starting arrays (about 100 KB); then, because the header is checked against the
    /// length before anything is allocated (a binary entry takes at least 4 × size + 1 bytes, a text entry at
    /// least 2 × size), at most 2 bytes of floats per input byte, and per word (one per 2 input bytes at most)
    /// about 36 bytes of vocabulary arrays and hash table, which may double while growing: some 40 × length in
    /// all. 64 × length + 4 MB leaves room for that; a reader that believed a lying header ("2147483647 300")
    /// would allocate gigabytes.
    /// </summary>
    private static long AllocationBound(long length) => 64 * length + (4 << 20);

    /// <summary>From a stream of unknown length the header cannot be checked first: the reader may allocate one row
    /// of the declared size (at most <see cref="VectorFileReader.MaxSize"/> floats) before its bytes arrive.</summary>
    private const long MaxRowBytes = 4L * VectorFileReader.MaxSize;

    [Test]
    public void VectorFileMutants_BaseFiles_DecodeAsWritten()
    {
        foreach (var b in VectorFileMutants.Bases)
        {
            var d = ReferenceVectorDecoder.Decode(b.Bytes, b.Format);
            Assert.That(d, Is.Not.Null, b.Name);
            var v = WordVectors.Load(new MemoryStream(b.Bytes));
            Assert.That(Same(v, d!), Is.Null, b.Name);
        }
    }

    [Test]
    public void WordVectors_Load_MutatedFiles_LoadAsDecodedOrFailWithOneError()
    {
        string path = Dir.File("mutant.bin");
        var failures = new List<string>();
        int accepted = 0, cliCases = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Mutants && failures.Count < 10; i++)
        {
            var m = VectorFileMutants.Create(Seed, i);
            bool cli = i % CliEvery == 0;
            bool loaded = false;
            string? problem = FuzzRules.WithTimeout(() => Check(m, path, cli, out loaded));
            if (loaded) accepted++;
            if (cli) cliCases++;
            if (problem != null) failures.Add($"seed {Seed}, mutant {i} ({m.What}, {m.Bytes.Length} bytes): {problem}");
        }
        TestContext.Progress.WriteLine($"vectors fuzz: {Mutants} mutants ({accepted} loaded), {cliCases} through distance and compute-accuracy, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    private static string? Check(VectorFileMutants.Mutant m, string path, bool cli, out bool loaded)
    {
        byte[] f = m.Bytes;
        loaded = false;
        // Given the layout, the reader and the reference accept the same files, with the same content.
        var decoded = new Dictionary<VectorFileFormat, ReferenceVectorDecoder.Decoded?>();
        foreach (var format in new[] { VectorFileFormat.Binary, VectorFileFormat.Text })
        {
            var expected = decoded[format] = ReferenceVectorDecoder.Decode(f, format);
            var (got, error) = Load(() => WordVectors.Load(new MemoryStream(f), format, name: "mutant"));
            if (error != null && FuzzRules.MessageProblem(error) is { } bad) return $"{format}: {bad}";
            if (expected == null && got != null) return $"{format}: the reference refuses it, the reader loads it";
            if (expected != null && got == null) return $"{format}: the reference reads it, the reader refuses it: {error}";
            if (expected != null && Same(got!, expected) is { } diff) return $"{format}: {diff}";
        }

        // Guessing the layout gives one of those two outcomes, and a file meant to stay valid loads as it was meant.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (auto, autoError) = Load(() => WordVectors.Load(new MemoryStream(f), name: "mutant"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationBound(f.Length)) return $"loading allocated {allocated} bytes";
        if (autoError != null && FuzzRules.MessageProblem(autoError) is { } autoBad) return $"auto: {autoBad}";
        if (auto != null)
        {
            loaded = true;
            var asBinary = decoded[VectorFileFormat.Binary];
            var asText = decoded[VectorFileFormat.Text];
            if ((asBinary == null || Same(auto, asBinary) != null) && (asText == null || Same(auto, asText) != null))
                return "auto: loaded as neither layout decodes it";
        }
        else if (decoded.Values.All(d => d != null))
        {
            return $"auto: refused what both layouts read: {autoError}";
        }
        if (m.MustLoadAs != null)
        {
            if (auto == null) return $"a valid file was refused: {autoError}";
            if (Same(auto, m.MustLoadAs) is { } diff) return $"a valid file loaded wrongly: {diff}";
        }

        // From a stream that cannot tell its length (a pipe): the same outcome, within the same allocation bound.
        before = GC.GetAllocatedBytesForCurrentThread();
        var (piped, pipeError) = Load(() => WordVectors.Load(new PipeStream(f), name: "mutant"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationBound(f.Length) + MaxRowBytes) return $"loading from a pipe allocated {allocated} bytes";
        if (pipeError != null && FuzzRules.MessageProblem(pipeError) is { } pipeBad) return $"pipe: {pipeBad}";
        if ((piped == null) != (auto == null)) return $"from a pipe {(piped == null ? "refused: " + pipeError : "loaded")}, from memory {(auto == null ? "refused: " + autoError : "loaded")}";
        if (piped != null && auto != null && Same(piped, Decoded(auto)) is { } pipeDiff) return $"pipe: {pipeDiff}";

        // With a limit (compute-accuracy's threshold): the first words of what loads whole; otherwise one error.
        int limit = 1 + f.Length % 3;
        var (limited, limitError) = Load(() => WordVectors.Load(new MemoryStream(f), limit: limit, name: "mutant"));
        if (limitError != null && FuzzRules.MessageProblem(limitError) is { } limitBad) return $"limit {limit}: {limitBad}";
        if (auto != null)
        {
            if (limited == null) return $"limit {limit}: refused what loads whole: {limitError}";
            var whole = Decoded(auto);
            int keep = Math.Min(limit, whole.Words.Length);
            if (Same(limited, new(whole.Words[..keep], whole.Vectors[..(keep * whole.Size)], whole.Size)) is { } limitDiff) return $"limit {limit}: {limitDiff}";
        }

        // From a file: the same outcome.
        File.WriteAllBytes(path, f);
        before = GC.GetAllocatedBytesForCurrentThread();
        var (fromFile, fileError) = Load(() => WordVectors.Load(path));
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > AllocationBound(f.Length)) return $"loading the file allocated {allocated} bytes";
        if (fileError != null && FuzzRules.MessageProblem(fileError, path) is { } fileBad) return $"file: {fileBad}";
        if ((fromFile == null) != (auto == null)) return $"from a file {(fromFile == null ? "refused: " + fileError : "loaded")}, from memory {(auto == null ? "refused: " + autoError : "loaded")}";
        if (fromFile != null && auto != null && Same(fromFile, Decoded(auto)) is { } fileDiff) return $"file: {fileDiff}";

        return cli ? CheckCommands(path, fromFile, fileError) : null;
    }

    /// <summary>distance and compute-accuracy on the file: they answer where the library loads it, and otherwise
    /// print the library's one-line error and exit 1.</summary>
    private static string? CheckCommands(string path, WordVectors? loaded, string? error)
    {
        var runs = new (string Verb, OurCli.Result Result)[]
        {
            ("distance", OurCli.Run(["distance", path], "king\nking queen\n\u00fcn\u00efc\u00f6d\u00e9\nEXIT\n")),
            ("compute-accuracy", OurCli.Run(["compute-accuracy", path], ": capital-common-countries\nking queen man woman\nKING MAN QUEEN WOMAN\n: gram1\nw1 w2 w3 w4\n")),
        };
        foreach (var (verb, r) in runs)
        {
            if (FuzzRules.CliProblem(r, path) is { } problem) return $"{verb}: {problem}";
            if (loaded != null && r.Code != 0) return $"{verb}: exit {r.Code} on a file the library loads: {FuzzRules.Show(r.Stderr)}";
            if (loaded == null && r.Stderr != "ERROR: " + error + "\n") return $"{verb}: '{FuzzRules.Show(r.Stderr)}' where the library says '{error}'";
            if (loaded != null && r.Stdout.Length == 0) return $"{verb}: no output";
        }
        return null;
    }

    /// <summary>A stream that cannot seek, so its length is unknown.</summary>
    private sealed class PipeStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }

    /// <summary>The loaded vectors, or the message of the one <see cref="Word2VecException"/> the load threw; any
    /// other exception is not caught.</summary>
    private static (WordVectors?, string?) Load(Func<WordVectors> load)
    {
        try
        {
            return (load(), null);
        }
        catch (Word2VecException e)
        {
            return (null, e.Message);
        }
    }

    private static ReferenceVectorDecoder.Decoded Decoded(WordVectors v) =>
        new(Enumerable.Range(0, v.Count).Select(i => v.WordBytes(i).ToArray()).ToArray(), v.Vectors.ToArray(), v.Size);

    /// <summary>Null if <paramref name="v"/> holds exactly the words and float bits of <paramref name="d"/>.</summary>
    private static string? Same(WordVectors v, ReferenceVectorDecoder.Decoded d)
    {
        if (v.Count != d.Words.Length || v.Size != d.Size) return $"{v.Count} words of size {v.Size}, expected {d.Words.Length} of size {d.Size}";
        for (int i = 0; i < v.Count; i++)
            if (!v.WordBytes(i).SequenceEqual(d.Words[i])) return $"word {i} differs";
        var a = v.Vectors;
        for (int i = 0; i < a.Length; i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(d.Vectors[i]))
                return $"float {i} is 0x{BitConverter.SingleToInt32Bits(a[i]):x8}, expected 0x{BitConverter.SingleToInt32Bits(d.Vectors[i]):x8}";
        return null;
    }
}
