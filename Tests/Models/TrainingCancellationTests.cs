using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Models;

/// <summary>Cancellation reaches every long loop of training and loading: a small corpus with many epochs, a long run
/// of unknown words, a model file that never comes.</summary>
public sealed class TrainingCancellationTests
{
    private static readonly TimeSpan s_promptly = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="work"/>, cancels it after <paramref name="after"/> ms, and returns how long it took
    /// to stop (failing if it does not stop within <see cref="s_promptly"/>).</summary>
    private static TimeSpan StopTime(Action<CancellationToken> work, int after = 300)
    {
        using var cts = new CancellationTokenSource();
        var task = Task.Run(() => work(cts.Token));
        Thread.Sleep(after);
        Assert.That(task.IsCompleted, Is.False, "still working when cancelled");
        var clock = Stopwatch.StartNew();
        cts.Cancel();
        Assert.That(((IAsyncResult)task).AsyncWaitHandle.WaitOne(s_promptly), Is.True, "stopped after cancellation");
        var e = Assert.Throws<AggregateException>(task.Wait);
        Assert.That(e!.InnerException, Is.InstanceOf<OperationCanceledException>());
        return clock.Elapsed;
    }

    [Test]
    public void Train_SmallCorpusManyEpochs_StopsWhenCancelled()
    {
        // A thread's share of the corpus is under the 10,000 words between two looks at the word count.
        string path = Scratch.File(Encoding.ASCII.GetBytes("the cat sat on the mat\nthe dog sat\n"), "tiny.txt");
        var options = ModelFixtures.Options(iterations: int.MaxValue) with { MinCount = 1 };
        StopTime(ct => Trainer.Train(options, path, cancellationToken: ct));
    }

    [Test]
    public void Options_WindowBeyondTheBound_IsOneError()
    {
        Assert.That(new TrainingOptions { Window = TrainingOptions.MaxWindow }.Window, Is.EqualTo(TrainingOptions.MaxWindow));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TrainingOptions { Window = int.MaxValue });
        Assert.That(e!.ParamName, Is.EqualTo("Window"));
        Assert.That(TrainingOptions.Reason(e), Is.EqualTo($"-window is too large (at most {TrainingOptions.MaxWindow}) (got {int.MaxValue})"));
    }

    [Test]
    public void Train_WidestWindow_StopsWithinASecondOfCancelling()
    {
        var sb = new StringBuilder();
        var rnd = new Random(5);
        for (int line = 0; line < 40; line++)
            sb.AppendJoin(' ', Enumerable.Range(0, 2000).Select(_ => "w" + rnd.Next(100))).Append('\n');
        string path = Scratch.File(Encoding.ASCII.GetBytes(sb.ToString()), "wide.txt");
        var options = ModelFixtures.Options(iterations: 1000) with { MinCount = 1, Window = TrainingOptions.MaxWindow, Cbow = false };
        var took = StopTime(ct => Trainer.Train(options, path, cancellationToken: ct), after: 1000);
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void SentenceReader_LongRunOfUnknownWords_NoticesCancellation()
    {
        var vocabulary = new Word2VecNative.Vocab.Vocabulary(1 << 10);
        vocabulary.Add("</s>"u8);
        vocabulary.Add("known"u8);
        byte[] text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("unknown ", 200_000)) + "known\n");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var reader = new SentenceReader(new MemoryStream(text), vocabulary, null) { Cancellation = cts.Token };
        var sentence = new int[SentenceReader.MaxSentenceLength];
        var random = new CRandom(1);
        Assert.Throws<OperationCanceledException>(() => reader.Read(sentence, ref random));
        using var uncancelled = new SentenceReader(new MemoryStream(text), vocabulary, null);
        Assert.That(uncancelled.Read(sentence, ref random), Is.EqualTo(1), "the known word at the end");
    }

    /// <summary>A FIFO whose writer opens it and then sends nothing, until disposed (or for 10 s).</summary>
    private sealed class SilentWriter : IDisposable
    {
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _release = new();

        public SilentWriter(string fifo)
        {
            _thread = new Thread(() =>
            {
                using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write); // waits for the reader
                _release.Wait(TimeSpan.FromSeconds(10)); // at most: a reader that ignores cancellation gets its end of file

            })
            { IsBackground = true };
            _thread.Start();
        }

        public void Dispose()
        {
            _release.Set();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private static string Fifo()
    {
        string path = Path.Combine(Scratch.NewFolder(), "model.fifo");
        using var p = Process.Start("mkfifo", [path]);
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero);
        return path;
    }

    [Test]
    public void Load_FifoWhoseWriterSendsNothing_StopsWhenCancelled()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("FIFOs are made with mkfifo");
        string fifo = Fifo();
        using var writer = new SilentWriter(fifo);
        StopTime(ct => Word2VecModel.Load(fifo, ct));
    }

    [Test]
    public void Cli_LoadModelFromASilentFifo_IsCancelledBySignal()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("FIFOs are made with mkfifo");
        string fifo = Fifo();
        using var writer = new SilentWriter(fifo);
        using var cts = new CancellationTokenSource(300);
        var clock = Stopwatch.StartNew();
        var (code, _, stderr) = OurCli.Run(["-train", ModelFixtures.Corpus, "-load-model", fifo, "-save-model", fifo + ".out", "-debug", "0"], [],
            cancellationToken: cts.Token);
        Assert.That(clock.Elapsed, Is.LessThan(s_promptly));
        Assert.That((code, stderr), Is.EqualTo((Word2VecNative.Cli.Program.ExitInterrupted, "ERROR: cancelled" + Environment.NewLine)));
        Assert.That(File.Exists(fifo + ".out"), Is.False);
    }
}
