using System.Text;
using Word2VecNative.Cli;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Models;

/// <summary>Small corpora and models for the model-file and continued-training tests: the demo's generated grammar,
/// trained in exact arithmetic with one thread so that every run is repeatable to the byte.</summary>
internal static class ModelFixtures
{
    private static readonly Lazy<string> s_corpus = new(() => Scratch.File(Encoding.ASCII.GetBytes(DemoCommand.GenerateCorpus(3000, 21)), "corpus.txt"));
    private static readonly Lazy<string> s_otherCorpus = new(() => Scratch.File(
        Encoding.ASCII.GetBytes(DemoCommand.GenerateCorpus(2000, 22) + "zebra unicorn the dog zebra\nunicorn zebra cat\n"), "other.txt"));
    private static readonly Lazy<Word2VecModel> s_model = new(() => Train(Options()));

    /// <summary>A corpus of the demo's grammar (about 30k words).</summary>
    public static string Corpus => s_corpus.Value;

    /// <summary>Another corpus of the same grammar, with two words the first lacks.</summary>
    public static string OtherCorpus => s_otherCorpus.Value;

    /// <summary>Exact, one thread, small vectors; both objectives unless changed.</summary>
    public static TrainingOptions Options(bool cbow = false, bool hs = true, int negative = 3, int iterations = 2) => new()
    {
        Cbow = cbow,
        HierarchicalSoftmax = hs,
        Negative = negative,
        Size = 12,
        Window = 3,
        MinCount = 1,
        Sample = 1e-3f,
        Iterations = iterations,
        Threads = 1,
        Arithmetic = Arithmetic.Exact,
    };

    public static Word2VecModel Train(TrainingOptions options, string? corpus = null) => Trainer.Train(options, corpus ?? Corpus);

    /// <summary>A trained model with both objectives (shared; do not train it in place).</summary>
    public static Word2VecModel Model => s_model.Value;

    public static byte[] Save(Word2VecModel model)
    {
        var ms = new MemoryStream();
        model.Save(ms);
        return ms.ToArray();
    }

    /// <summary>The bytes of a model file with its SHA-256 recomputed, so that a change reaches the checks behind it.</summary>
    public static byte[] Resealed(byte[] file)
    {
        var copy = (byte[])file.Clone();
        System.Security.Cryptography.SHA256.HashData(copy.AsSpan(0, copy.Length - 32), copy.AsSpan(copy.Length - 32));
        return copy;
    }

    /// <summary>A stream that can only be read forward (no length, no seeking), as a pipe is.</summary>
    public sealed class ForwardOnly(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
