namespace Word2VecNative.Training;

/// <summary>
/// Reads a corpus that cannot be read in place (a pipe, standard input, a compressed file) once, decoding it as its
/// first bytes say (see <see cref="CorpusDecoder"/>), into a temporary file in the temporary folder (TMPDIR on Unix),
/// which training then reads as it reads a plain file. A failure or cancellation deletes the file.
/// </summary>
internal static class CorpusSpool
{
    /// <summary>The spooled copy of what <paramref name="open"/> opens (closed here unless cancelled while a read
    /// waits): its path, length and last byte (-1 when empty). <paramref name="mayBlock"/>: opening or reading can
    /// wait for a writer (a pipe), so a cancellation leaves the waiting call behind instead of waiting for it.</summary>
    public static (string Path, long Length, int LastByte) Write(Func<Stream> open, string name, bool mayBlock, CancellationToken cancellationToken)
    {
        string tmp;
        try
        {
            tmp = Path.GetTempFileName();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"cannot make a temporary copy of {name} in {Path.GetTempPath()}: {e.Message}", e);
        }
        bool abandoned = false;
        ProbedStream? probe = null;
        Stream? decoded = null;
        var compression = CorpusCompression.None;
        try
        {
            using var output = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
            var buffer = new byte[1 << 20];
            long length = 0;
            int last = -1;
            while (true)
            {
                int n;
                try
                {
                    if (decoded == null)
                    {
                        // Buffered: the decoders read a few bytes at a time (xz's headers, bzip2's bits), and the file is unbuffered.
                        probe = new ProbedStream(new BufferedStream(Wait(open, mayBlock, cancellationToken), 1 << 16));
                        var p = probe;
                        var head = Wait(() => p.Peek(CorpusDecoder.MagicLength).ToArray(), mayBlock, cancellationToken);
                        compression = CorpusDecoder.Detect(head);
                        decoded = CorpusDecoder.Open(probe, compression);
                    }
                    var d = decoded;
                    n = Wait(() => d.Read(buffer, 0, buffer.Length), mayBlock, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    abandoned = mayBlock;
                    throw;
                }
                catch (Exception e) when (probe is { InnerFailed: false } && compression != CorpusCompression.None)
                {
                    throw new Word2VecException($"{name} is not valid {CorpusDecoder.Describe(compression)} data (corrupt or truncated: {e.Message})", e);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    throw new Word2VecException($"cannot read {name}: {e.Message}", e);
                }
                if (n <= 0) break;
                try
                {
                    output.Write(buffer, 0, n);
                }
                catch (IOException e)
                {
                    throw new Word2VecException($"cannot write the temporary copy of {name} in {Path.GetDirectoryName(tmp)}: {e.Message}", e);
                }
                length += n;
                last = buffer[n - 1];
                cancellationToken.ThrowIfCancellationRequested();
            }
            return (tmp, length, last);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        finally
        {
            if (!abandoned)
            {
                decoded?.Dispose();
                probe?.Dispose();
            }
        }
    }

    /// <summary>Runs an open or a read; one that may wait for a writer runs on the thread pool so that a cancellation is noticed
    /// at once (the read is left behind).</summary>
    private static T Wait<T>(Func<T> read, bool mayBlock, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!mayBlock || !cancellationToken.CanBeCanceled) return read();
        var task = Task.Run(read, CancellationToken.None);
        try
        {
            task.Wait(cancellationToken);
        }
        catch (AggregateException e) when (e.InnerException != null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
        return task.Result;
    }
}
