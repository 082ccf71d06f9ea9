using System.Text;
using CommandLine;
using Word2VecNative.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Cli;

/// <summary>
/// <c>word2vec word2phrase</c>: word2phrase.c. A first pass counts words and bigrams ("a_b", cut to 179 bytes),
/// bigrams running across line ends as in C; the vocabulary is sorted and pruned with the program's own loop
/// (which also drops row 0 and, when every word passes min-count, the last one). The second pass joins a pair
/// when <c>(pab - min_count) / pa / pb * train_words</c>, in float arithmetic, exceeds the threshold, and writes
/// the text with the same bytes as the C program.
/// </summary>
internal static class Word2PhraseCommand
{
    private const long HashSize = 500_000_000;
    private const int BigramMax = WordReader.Word2PhraseMaxString - 1;

    public const string UsageText = """
WORD2PHRASE tool v0.1a

Options:
Parameters for training:
	-train <file>
		Use text data from <file> to train the model
	-output <file>
		Use <file> to save the resulting word vectors / word clusters / phrases
	-min-count <int>
		This will discard words that appear less than <int> times; default is 5
	-threshold <float>
		 The <float> value represents threshold for forming the phrases (higher means less phrases); default 100
	-debug <int>
		Set the debug mode (default = 2 = more info during training)

Examples:
./word2phrase -train text.txt -output phrases.txt -threshold 100 -debug 2


""";

    internal sealed class Arguments
    {
        public static readonly string[] Flags = ["train", "output", "min-count", "threshold", "debug"];

        [Option("train")] public string? Train { get; set; }
        [Option("output")] public string? Output { get; set; }
        [Option("min-count", Default = 5)] public int MinCount { get; set; }
        [Option("threshold", Default = 100.0)] public double Threshold { get; set; }
        [Option("debug", Default = 2)] public int Debug { get; set; }
    }

    public static int Run(string[] args, TextWriter stdout, TextReader stdin)
    {
        if (args.Length == 0)
        {
            stdout.Write(UsageText);
            return 0;
        }
        var a = TrainCommand.Parse<Arguments>(CFlags.Translate(args, Arguments.Flags));
        if (string.IsNullOrEmpty(a.Output)) throw new CliError("ERROR: -output <file> is required");
        TrainCommand.EnsureWritableDirectory(a.Output);
        stdout.Write($"Starting training using file {a.Train}\n");
        stdout.Flush();
        if (string.IsNullOrEmpty(a.Train) || !File.Exists(a.Train)) throw new CliError("ERROR: training data file not found!");
        var phrases = Learn(a.Train, a.MinCount, a.Debug, stdout);
        OutputFile.Write(a.Output, s => Write(a.Train, s, phrases, a.MinCount, (float)a.Threshold, a.Debug, stdout));
        stdout.Flush();
        return 0;
    }

    /// <summary>The counted vocabulary and which of its rows the C program can still find.</summary>
    internal sealed record Phrases(Vocabulary Vocab, bool[] Findable, long TrainWords)
    {
        public long Count(ReadOnlySpan<byte> word)
        {
            int i = Vocab.Search(word);
            return i >= 0 && Findable[i] ? Vocab.Frequency(i) : -1;
        }
    }

    internal static Phrases Learn(string train, int minCount, int debug, TextWriter stdout)
    {
        var vocab = new Vocabulary(HashSize);
        vocab.Add(WordReader.SentenceEnd);
        long trainWords = 0;
        // word2phrase never initialises last_word before its first bigram; here it is empty.
        var last = new byte[WordReader.Word2PhraseMaxString];
        int lastLen = 0;
        var bigram = new byte[2 * WordReader.Word2PhraseMaxString];
        using (var reader = WordReader.Open(train, WordReader.Word2PhraseMaxString))
        {
            while (reader.ReadWord(out var word))
            {
                if (word.SequenceEqual(WordReader.SentenceEnd)) continue;
                trainWords++;
                if (debug > 1 && trainWords % 100000 == 0)
                {
                    stdout.Write($"Words processed: {trainWords / 1000}K     Vocab size: {vocab.Count / 1000}K  \r");
                    stdout.Flush();
                }
                Count(vocab, word);
                int n = Bigram(last.AsSpan(0, lastLen), word, bigram);
                word.CopyTo(last);
                lastLen = word.Length;
                Count(vocab, bigram.AsSpan(0, n));
                if (vocab.Count > HashSize * 0.7) vocab.Reduce();
            }
        }
        vocab.Sort(int.MinValue);
        // SortVocab's loop: a row below min_count shrinks vocab_size instead of being skipped.
        var findable = new bool[vocab.Count];
        long size = vocab.Count;
        for (int i = 0; i < size; i++)
        {
            if (vocab.Frequency(i) < minCount) size--;
            else findable[i] = true;
        }
        if (debug > 0)
        {
            stdout.Write($"\nVocab size (unigrams + bigrams): {size}\n");
            stdout.Write($"Words in train file: {trainWords}\n");
            stdout.Flush();
        }
        return new Phrases(vocab, findable, trainWords);
    }

    private static void Count(Vocabulary vocab, ReadOnlySpan<byte> word)
    {
        int i = vocab.Search(word);
        if (i == -1) vocab.SetCount(vocab.Add(word), 1);
        else vocab.AddCount(i, 1);
    }

    /// <summary>sprintf("%s_%s") cut to MAX_STRING - 1 bytes.</summary>
    private static int Bigram(ReadOnlySpan<byte> last, ReadOnlySpan<byte> word, Span<byte> dest)
    {
        last.CopyTo(dest);
        dest[last.Length] = (byte)'_';
        word.CopyTo(dest[(last.Length + 1)..]);
        return Math.Min(last.Length + 1 + word.Length, BigramMax);
    }

    internal static void Write(string train, Stream output, Phrases p, int minCount, float threshold, int debug, TextWriter stdout)
    {
        var o = new BufferedStream(output, 1 << 20);
        long pa = 0, pb = 0, pab = 0, cn = 0, li = -1;
        var word = new byte[WordReader.Word2PhraseMaxString];
        int wordLen = 0;
        var last = new byte[WordReader.Word2PhraseMaxString];
        var bigram = new byte[2 * WordReader.Word2PhraseMaxString];
        using var reader = WordReader.Open(train, WordReader.Word2PhraseMaxString);
        while (true)
        {
            word.AsSpan(0, wordLen).CopyTo(last);
            int lastLen = wordLen;
            if (!reader.ReadWord(out var w)) break;
            w.CopyTo(word);
            wordLen = w.Length;
            var cur = word.AsSpan(0, wordLen);
            if (cur.SequenceEqual(WordReader.SentenceEnd))
            {
                o.WriteByte((byte)'\n');
                continue;
            }
            cn++;
            if (debug > 1 && cn % 100000 == 0)
            {
                stdout.Write($"Words written: {cn / 1000}K\r");
                stdout.Flush();
            }
            bool oov = false;
            long c = p.Count(cur);
            if (c < 0) oov = true; else pb = c;
            if (li == -1) oov = true;
            li = c < 0 ? -1 : 0;
            int n = Bigram(last.AsSpan(0, lastLen), cur, bigram);
            c = p.Count(bigram.AsSpan(0, n));
            if (c < 0) oov = true; else pab = c;
            if (pa < minCount) oov = true;
            if (pb < minCount) oov = true;
            float score = oov ? 0 : (pab - minCount) / (float)pa / (float)pb * (float)p.TrainWords;
            if (score > threshold)
            {
                o.WriteByte((byte)'_');
                pb = 0;
            }
            else o.WriteByte((byte)' ');
            o.Write(cur);
            pa = pb;
        }
        o.Flush();
    }
}
