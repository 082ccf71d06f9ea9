using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

public class VectorFileReaderTests
{
    private static Word2VecException LoadFails(byte[] content, VectorFileFormat format = VectorFileFormat.Auto)
    {
        var e = Assert.Throws<Word2VecException>(() => WordVectors.Load(new MemoryStream(content), format, name: "v.bin"));
        Assert.That(e!.Message, Does.Not.StartWith("ERROR").And.Not.Empty, "the command adds C's prefix");
        Assert.That(e.Message, Does.Not.Contain("\n"));
        return e;
    }

    [Test]
    public void VectorFileReader_TruncatedBinary_Throws()
    {
        var f = VectorFixtures.File(true);
        Assert.That(LoadFails(f[..^20]).Message, Does.Contain("truncated"));
    }

    [Test]
    public void VectorFileReader_TruncatedText_Throws()
    {
        var f = VectorFixtures.File(false);
        int cut = Array.LastIndexOf(f, (byte)'\n', f.Length - 2);
        LoadFails(f[..(cut + 15)]);
    }

    [Test]
    public void VectorFileReader_HeaderClaimsMoreWordsThanTheFileHolds_ThrowsBeforeAllocating()
    {
        var f = VectorFixtures.File(true);
        var body = f.AsSpan(Array.IndexOf(f, (byte)'\n') + 1).ToArray();
        // 2e9 x 8 floats would be 64 GB: the length check must refuse it without trying.
        var lying = Encoding.ASCII.GetBytes("2000000000 8\n").Concat(body).ToArray();
        long before = GC.GetTotalAllocatedBytes(true);
        Assert.That(LoadFails(lying).Message, Does.Contain("header declares 2000000000 words"));
        Assert.That(GC.GetTotalAllocatedBytes(true) - before, Is.LessThan(64 << 20));
    }

    [Test]
    public void VectorFileReader_AbsurdDimension_Throws()
    {
        LoadFails(Encoding.ASCII.GetBytes("1 999999999999\nx 1\n"));
        LoadFails(Encoding.ASCII.GetBytes("1 0\nx\n"));
        LoadFails(Encoding.ASCII.GetBytes("-5 3\nx 1 2 3\n"));
    }

    [Test]
    public void VectorFileReader_MoreEntriesThanTheHeader_Throws()
    {
        var f = VectorFixtures.File(true);
        var body = f.AsSpan(Array.IndexOf(f, (byte)'\n') + 1).ToArray();
        var fewer = Encoding.ASCII.GetBytes("9 8\n").Concat(body).ToArray();
        Assert.That(LoadFails(fewer).Message, Does.Contain("more data follows"));
    }

    [Test]
    public void VectorFileReader_Limit_ReadsOnlyTheFirstWords()
    {
        var v = WordVectors.Load(new MemoryStream(VectorFixtures.File(true)), limit: 3);
        Assert.That(v.Count, Is.EqualTo(3));
        Assert.That(v.Contains("man"), Is.False);
    }

    [Test]
    public void VectorFileReader_TextRowWithWrongColumnCount_Throws()
    {
        LoadFails(Encoding.ASCII.GetBytes("2 3\na 1 2 3\nb 1 2\n"));
        LoadFails(Encoding.ASCII.GetBytes("2 3\na 1 2 3\nb 1 2 3 4\n"));
        LoadFails(Encoding.ASCII.GetBytes("1 3\na 1 x 3\n"), VectorFileFormat.Text);
    }

    [Test]
    public void VectorFileReader_NotAVectorsFile_Throws()
    {
        LoadFails(Encoding.ASCII.GetBytes("hello world\n"));
        LoadFails([]);
        LoadFails(Encoding.ASCII.GetBytes("3 4 5\n"));
    }

    [Test]
    public void VectorFileReader_MissingFile_ThrowsFileNotFound()
    {
        var e = Assert.Throws<FileNotFoundException>(() => WordVectors.Load("/nonexistent/v.bin"));
        Assert.That(e!.Message, Is.EqualTo("vectors file /nonexistent/v.bin not found"));
        Assert.That(e.FileName, Is.EqualTo("/nonexistent/v.bin"));
        Assert.Throws<FileNotFoundException>(() => WordVectors.Load(Path.Combine(Scratch.Root, "absent.bin")));
        Assert.Throws<FileNotFoundException>(() => WordVectors.OpenMapped("/nonexistent/v.bin"));
    }

    [Test]
    public void VectorFileReader_DuplicateWords_LookupFindsTheFirst()
    {
        var v = WordVectors.Load(new MemoryStream(Encoding.ASCII.GetBytes("2 1\na 1\na 2\n")));
        Assert.That(v.IndexOf("a"), Is.EqualTo(0));
    }

    [Test]
    public void VectorFileReader_Read_SmallTextFile_IsReadAsText()
    {
        // The second line starts with letters: the guess must look at the first entry's line only.
        var v = WordVectors.Load(new MemoryStream("2 3\nking 1 0 0\nqueen 0 1 0\n"u8.ToArray()));
        Assert.That(v.Count, Is.EqualTo(2));
        Assert.That(v.Vector("queen").ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f }));
    }

    [Test]
    public void VectorFileReader_Read_BinaryRowWhoseBytesLookLikeANumberLine_StaysBinary()
    {
        // The first float's bytes are "1.5\n": a number and a newline, as a text line would be.
        float looksLikeText = BitConverter.ToSingle("1.5\n"u8);
        var words = new[] { "a"u8.ToArray(), "b"u8.ToArray() };
        var ms = new MemoryStream();
        VectorFileWriter.Write(ms, words, [looksLikeText, 1f], 1, binary: true);
        var v = WordVectors.Load(new MemoryStream(ms.ToArray()));
        Assert.That(v.Vectors.ToArray(), Is.EqualTo(new[] { looksLikeText, 1f }));
    }

    [Test]
    public void VectorFileReader_Read_TextWithCarriageReturnsBeforeItsNewlines_IsReadAsText()
    {
        var v = WordVectors.Load(new MemoryStream("2 3\r\r\nking 1 0 0 \r\r\nqueen 0 1 0\r\r\n"u8.ToArray()));
        Assert.That(v.Vector("queen").ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f }));
    }

    [Test]
    public void VectorFileReader_Read_BinaryRowsThatLookLikeTwoNumberLines_StayBinary()
    {
        // The first row's floats read "1 2\n0.5\n" and the file's newline follows; the next entry repeats it. As text
        // that is "king 1 2" and then a word "0.5\n\nking" with the numbers "1 2": a word does not span lines.
        float[] row = [BitConverter.ToSingle("1 2\n"u8), BitConverter.ToSingle("0.5\n"u8)];
        var ms = new MemoryStream();
        VectorFileWriter.Write(ms, ["king"u8.ToArray(), "king"u8.ToArray(), "queen"u8.ToArray()], [.. row, .. row, 1f, 2f], 2, binary: true);
        var v = WordVectors.Load(new MemoryStream(ms.ToArray()));
        Assert.That(v.Vectors.ToArray(), Is.EqualTo(new[] { row[0], row[1], row[0], row[1], 1f, 2f }));
    }

    [Test]
    public void VectorFileReader_Read_TextInfinitiesAndNaNs_AreRead()
    {
        // C's printf spellings, numpy's and .NET's/JavaScript's.
        var v = WordVectors.Load(new MemoryStream("4 3\na inf -inf nan\nb -nan INF NaN\nc Infinity -Infinity +inf\nd infinity 1e999 -1e999\n"u8.ToArray()));
        float[] r = v.Vectors.ToArray();
        Assert.That(r[0..2], Is.EqualTo(new[] { float.PositiveInfinity, float.NegativeInfinity }));
        Assert.That(float.IsNaN(r[2]) && float.IsNaN(r[3]) && float.IsNaN(r[5]), Is.True);
        Assert.That((float.IsNegative(r[2]), float.IsNegative(r[3]), float.IsNegative(r[5])), Is.EqualTo((false, true, false)), "the sign of a NaN is kept");
        Assert.That(r[4], Is.EqualTo(float.PositiveInfinity));
        Assert.That(r[6..], Is.EqualTo(new[] { float.PositiveInfinity, float.NegativeInfinity, float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity, float.NegativeInfinity }));
    }

    [Test]
    public void VectorFileReader_Read_TextWeWroteWithInfinitiesAndNaNs_ReadsBackBitForBit()
    {
        float[] values = [float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC00000), BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000)), 0.5f, -0f];
        var ms = new MemoryStream();
        VectorFileWriter.Write(ms, ["x"u8.ToArray(), "y"u8.ToArray()], values, 3, binary: false);
        Assert.That(Encoding.ASCII.GetString(ms.ToArray()), Is.EqualTo("2 3\nx inf -inf nan \ny -nan 0.500000 -0.000000 \n"));
        var v = WordVectors.Load(new MemoryStream(ms.ToArray()));
        Assert.That(v.Vectors.ToArray().Select(BitConverter.SingleToInt32Bits), Is.EqualTo(values.Select(BitConverter.SingleToInt32Bits)));
    }

    [Test]
    public void VectorFileReader_Read_ControlBytesAndInvalidUtf8_AreEscapedInTheMessage()
    {
        // A truncated binary entry whose word holds a bell, an escape sequence, a carriage return and a lone 0xFF.
        var word = "a\u0007\u001b[31m\r"u8.ToArray().Append((byte)0xFF).ToArray();
        var f = Encoding.ASCII.GetBytes("1 2\n").Concat(word).Concat(" \u0001\u0002"u8.ToArray()).ToArray();
        string m = LoadFails(f, VectorFileFormat.Binary).Message;
        Assert.That(m, Does.Contain(@"a\x07\x1b[31m\x0d\xff"));
        Assert.That(m.Any(char.IsControl), Is.False, m);
        // A bad number in a text file.
        m = LoadFails("1 2\nw 1 2\u00073\n"u8.ToArray(), VectorFileFormat.Text).Message;
        Assert.That(m, Does.Contain(@"2\x073"));
        m = LoadFails("1 2\nw 1 "u8.ToArray().Concat(new byte[] { 0xFE, (byte)'\n' }).ToArray(), VectorFileFormat.Text).Message;
        Assert.That(m, Does.Contain(@"\xfe"));
        Assert.That(m, Does.Not.Contain("\uFFFD"));
    }

    [Test]
    public void VectorFileReader_Read_NumberLongerThanTheBuffer_IsAnErrorNotTwoNumbers()
    {
        // A 300,000-digit number must not be cut where the read buffer ends and read as "inf" and "0".
        var f = Encoding.ASCII.GetBytes("1 3\na 1" + new string('0', 300_000) + " 5\n");
        LoadFails(f);
    }

    [Test]
    public void VectorFileReader_Read_LongNumbersAcrossBufferBoundaries_AreReadWhole()
    {
        // Numbers of about 95 characters over a megabyte of text: many of them straddle the end of the read buffer,
        // read at once and in short reads of 1 to 5000 bytes.
        const int words = 3000, size = 4;
        var expected = new float[words * size];
        var sb = new StringBuilder($"{words} {size}\n");
        for (int w = 0; w < words; w++)
        {
            sb.Append('w').Append(w);
            for (int k = 0; k < size; k++)
            {
                float v = (w * size + k) % 97 / 8f - 6;
                expected[w * size + k] = v;
                sb.Append(' ').Append(v.ToString("F90", System.Globalization.CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        var bytes = Encoding.ASCII.GetBytes(sb.ToString());
        Assert.That(WordVectors.Load(new MemoryStream(bytes)).Vectors.ToArray(), Is.EqualTo(expected));
        Assert.That(WordVectors.Load(new ShortReadStream(bytes, seed: 5)).Vectors.ToArray(), Is.EqualTo(expected));
    }

    /// <summary>A seekable stream whose reads return a random 1 to 5000 bytes.</summary>
    private sealed class ShortReadStream(byte[] data, int seed) : MemoryStream(data)
    {
        private readonly Random _rng = new(seed);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _rng.Next(1, 5001)));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, _rng.Next(1, 5001))]);
    }

    /// <summary>A stream that cannot seek, so its length is unknown.</summary>
    private sealed class PipeStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }

    [Test]
    public void VectorFileReader_Read_UnseekableStreamWithLyingHeader_AllocatesAboutOneRow()
    {
        // 70 bytes from a pipe claiming two billion words: the arrays start small, not at millions of entries.
        foreach (string header in new[] { "2000000000 1\n", "4 1048576\n" })
        {
            var lying = Encoding.ASCII.GetBytes(header).Concat(Enumerable.Repeat((byte)'x', 70)).ToArray();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<Word2VecException>(() => WordVectors.Load(new PipeStream(lying)));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.LessThan((4 << 20) + (2 << 20)), header);
        }
    }

    [Test]
    public void VectorFileReader_UnseekableStreamWithLyingHeader_FailsWithoutHugeAllocation()
    {
        var f = VectorFixtures.File(true);
        var body = f.AsSpan(Array.IndexOf(f, (byte)'\n') + 1).ToArray();
        var lying = Encoding.ASCII.GetBytes("200000000 8\n").Concat(body).ToArray();
        long before = GC.GetTotalAllocatedBytes(true);
        var e = Assert.Throws<Word2VecException>(() => WordVectors.Load(new PipeStream(lying)));
        Assert.That(e!.Message, Does.Contain("truncated"));
        Assert.That(GC.GetTotalAllocatedBytes(true) - before, Is.LessThan(256 << 20));
        var ok = WordVectors.Load(new PipeStream(f));
        Assert.That(ok.Vectors.SequenceEqual(VectorFixtures.Vectors()), Is.True);
    }
}
