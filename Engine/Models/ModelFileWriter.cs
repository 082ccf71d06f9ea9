using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Word2VecNative.Training;

namespace Word2VecNative.Models;

/// <summary>Writes a <see cref="Word2VecModel"/> in the <see cref="ModelFile"/> format, hashing the bytes as they go.</summary>
internal sealed class ModelFileWriter : IDisposable
{
    private readonly Stream _output;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    private ModelFileWriter(Stream output) => _output = output;

    public static void Write(Stream output, Word2VecModel model)
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = model.Options ?? throw NoState();
        var state = model.State ?? throw NoState();
        var vocab = model.Vocabulary;
        int v = vocab.Count;
        long wordBytes = 0;
        for (int i = 0; i < v; i++) wordBytes += vocab.Word(i).Length;
        int matrices = 1 + (o.HierarchicalSoftmax ? 1 : 0) + (o.Negative > 0 ? 1 : 0);
        long length = ModelFile.Length(state.Threads.Count, v, wordBytes, o.Size, matrices);

        using var w = new ModelFileWriter(output);
        w.Bytes(ModelFile.Magic);
        w.UInt32(ModelFile.Version);
        w.Int64(length);
        w.Int32(o.Size);
        w.Int32(o.Window);
        w.Single(o.Sample);
        w.Int32(o.Negative);
        w.Int32(o.Threads);
        w.Int32(o.Iterations);
        w.Int32(o.MinCount);
        w.Single(o.Alpha ?? float.NaN);
        w.Single(o.MinAlpha ?? float.NaN);
        w.Single(o.InitialRange);
        w.Int64((long)o.Seed);
        w.Int64(o.VocabHashSize);
        byte flags = (byte)((o.HierarchicalSoftmax ? ModelFile.FlagHierarchicalSoftmax : 0) | (o.Cbow ? ModelFile.FlagCbow : 0)
            | (o.Arithmetic == Arithmetic.Exact ? ModelFile.FlagExact : 0)
            | (o.Arithmetic == Arithmetic.Batched ? ModelFile.FlagBatched : 0) | (o.ComputeLoss ? ModelFile.FlagComputeLoss : 0));
        w.Bytes([flags, 0, 0, 0]);

        w.Int32(state.EpochsDone);
        w.Int32(state.Threads.Count);
        w.Int64(state.WordsPerEpoch);
        w.Int64(state.WordsProcessed);
        w.Int64(state.EpochsTrained);
        foreach (var t in state.Threads)
        {
            w.Int64((long)t.Random);
            w.Single(t.Alpha);
        }

        w.Int32(v);
        w.Int64(wordBytes);
        w.Int64(vocab.TrainWords);
        for (int i = 0; i < v; i++) w.Int64(vocab.Frequency(i));
        for (int i = 0; i < v; i++) w.Int32(vocab.Word(i).Length);
        for (int i = 0; i < v; i++) w.Bytes(vocab.Word(i));

        w.Floats(model.VectorArray);
        if (o.HierarchicalSoftmax) w.Floats(model.Syn1Array!);
        if (o.Negative > 0) w.Floats(model.Syn1NegArray!);
        w.Flush();
        Span<byte> sum = stackalloc byte[ModelFile.ChecksumBytes];
        w._hash.GetHashAndReset(sum);
        output.Write(sum);
        output.Flush();
    }

    internal static InvalidOperationException NoState() =>
        new("the model holds only its input vectors (no output layers, settings or training state), so it cannot be saved as a model; save its vectors instead");

    private Span<byte> Take(int bytes)
    {
        if (_used + bytes > _buffer.Length) Flush();
        var span = _buffer.AsSpan(_used, bytes);
        _used += bytes;
        return span;
    }

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length)
        {
            Flush();
            _hash.AppendData(bytes);
            _output.Write(bytes);
            return;
        }
        bytes.CopyTo(Take(bytes.Length));
    }

    private void UInt32(uint x) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), x);

    private void Int32(int x) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), x);

    private void Int64(long x) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), x);

    private void Single(float x) => BinaryPrimitives.WriteSingleLittleEndian(Take(4), x);

    /// <summary>A matrix, a buffer at a time (byte-swapped on a big-endian machine).</summary>
    private void Floats(float[] values)
    {
        const int Chunk = 1 << 14;
        for (int at = 0; at < values.Length; at += Chunk)
        {
            var part = values.AsSpan(at, Math.Min(Chunk, values.Length - at));
            var bytes = Take(part.Length * sizeof(float));
            MemoryMarshal.AsBytes(part).CopyTo(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
        }
    }

    private void Flush()
    {
        if (_used == 0) return;
        _hash.AppendData(_buffer, 0, _used);
        _output.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose() => _hash.Dispose();
}
