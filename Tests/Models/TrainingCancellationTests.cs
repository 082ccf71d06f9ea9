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
        string path = Vectors.VectorFixtures.Temp(Encoding.ASCII.GetBytes("the cat sat on the mat\nthe dog sat\n"), "tiny.txt");
        var options = ModelFixtures.Options(iterations: int.MaxValue) with { MinCount = 1 };
        StopTime(ct => Trainer.Train(options, path, cancellationToken: ct));
    }

    [Test]
    public void Options_WindowBeyondTheBound_IsOneError()
    {
        Assert.That(new TrainingOptions { Window = TrainingOptions.MaxWindow }.Window, Is.EqualTo(TrainingOptions.MaxWindow));
        var e = Assert.Throws<Word2VecException>(() => _ = new TrainingOptions { Window = int.MaxValue });
        Assert.That(e!.Message, Is.EqualTo($"ERROR: -window is too large (at most {TrainingOptions.MaxWindow}) (got {int.MaxValue})"));
    }

    [Test]
    public void Train_WidestWindow_StopsWithinASecondOfCancelling()
    {
        var sb = new StringBuilder();
        var rnd = new Random(5);
        for (int line = 0; line < 40; line++)
            sb.AppendJoin(' ', Enumerable.Range(0, 2000).Select(_ => "w" + rnd.Next(100))).Append('\n');
        string path = Vectors.VectorFixtures.Temp(Encoding.ASCII.GetBytes(sb.ToString()), "wide.txt");
        var options = ModelFixtures.Options(iterations: 1000) with { MinCount = 1, Window = TrainingOptions.MaxWindow, Cbow = false };
        var took = StopTime(ct => Trainer.Train(options, path, cancellationToken: ct), after: 1000);
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public void SentenceReader_LongRunOfUnknownWords_NoticesCancellation()
    {
        var vocabulary = new Vocab.Vocabulary(1 << 10);
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
}
