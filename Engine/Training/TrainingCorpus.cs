using System.Text;

namespace Word2VecNative.Training;

/// <summary>
/// What the trainer reads: text in the C tool's format (words separated by spaces, tabs or newlines; a newline ends
/// a sentence), from a file, several files, a folder, a stream or in-memory sentences. Training reads the corpus once
/// for the vocabulary and again for every epoch, each thread from its own offset, so a regular plain file is read in
/// place, and anything that cannot be read so (a pipe, standard input, a compressed file) is read once, when training
/// starts, into a temporary file (in the temporary folder: TMPDIR on Unix) deleted on dispose. A compressed file
/// (gzip, bzip2, xz or zstd, told by its first bytes, not its name) is read as the text it holds, as gensim's
/// LineSentence reads one. Training on any of these gives the vocabulary and vectors of the same text given as one
/// plain file.
/// </summary>
public sealed class TrainingCorpus : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string[]? _files; // a list of files (FromFiles), or null
    private readonly bool _folder; // FromDirectory: Path is a folder
    private readonly List<string> _temporary = [];
    private bool _preparedOnOpen = true; // false: made at once (a stream or sentences), not again after Dispose
    private string? _single; // the one file Open reads, once prepared (a regular plain file or a temporary copy)
    private ConcatenatedCorpusStream.Segment[]? _segments; // or the parts it reads one after another

    private TrainingCorpus(string path, string name, string[]? files = null, bool folder = false)
    {
        Path = path;
        Name = name;
        _files = files;
        _folder = folder;
    }

    /// <summary>The path given: the file or folder, the first of a list of files; the temporary file of a stream or
    /// sentences corpus.</summary>
    public string Path { get; }

    /// <summary>How errors name the corpus: "training data file PATH", or what the sentences or stream came from.</summary>
    public string Name { get; }

    /// <summary>A corpus file, read when training starts: a regular plain file is read in place (C's reading); a
    /// compressed one (gzip, bzip2, xz, zstd: told by its first bytes), a named pipe or a device such as
    /// <c>/dev/stdin</c> is read once into a temporary file; a folder is read as <see cref="FromDirectory"/> reads it.</summary>
    public static TrainingCorpus FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new TrainingCorpus(path, "training data file " + path);
    }

    /// <summary>Several files read in this order as one corpus, each one (plain or compressed, as for
    /// <see cref="FromFile"/>) ending a sentence: a newline is put after a file whose last byte is not one, so that a word
    /// never joins across files. Plain files are read in place.</summary>
    public static TrainingCorpus FromFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = paths.ToArray();
        if (files.Length == 0) throw new ArgumentException("the list of files is empty", nameof(paths));
        foreach (var f in files) ArgumentException.ThrowIfNullOrEmpty(f, nameof(paths));
        return new TrainingCorpus(files[0], files.Length == 1 ? "training data file " + files[0] : $"training data ({files.Length} files from {files[0]})", files);
    }

    /// <summary>The files of a folder (not of its subfolders; links to files included), read as <see cref="FromFiles"/>
    /// reads them in the ordinal order of their names, as gensim's PathLineSentences takes a folder's files. The folder is
    /// listed when training starts; one without files is a <see cref="Word2VecException"/>.</summary>
    public static TrainingCorpus FromDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new TrainingCorpus(path, "training data folder " + path, folder: true);
    }

    /// <summary>Reads <paramref name="stream"/> to its end (decoding it when it is compressed: gzip, bzip2, xz or zstd,
    /// told by its first bytes) into a temporary file deleted on dispose. Cancelling stops a read that waits for data.</summary>
    public static TrainingCorpus FromStream(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (tmp, _, _) = CorpusSpool.Write(() => new NotClosingStream(stream), "training stream", mayBlock: true, cancellationToken);
        var corpus = new TrainingCorpus(tmp, "training stream") { _single = tmp, _preparedOnOpen = false };
        corpus._temporary.Add(tmp);
        return corpus;
    }

    /// <summary>Writes tokenised sentences (one per line, words joined by spaces, UTF-8) to a temporary file deleted
    /// on dispose. A token may not be null, empty or contain a space, tab, newline or carriage return; a sentence
    /// may not be null (an empty one is an empty line).</summary>
    public static TrainingCorpus FromSentences(IEnumerable<IEnumerable<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        string tmp = System.IO.Path.GetTempFileName();
        try
        {
            using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var w = new StreamWriter(fs, new UTF8Encoding(false), 1 << 16);
            long index = 0;
            foreach (var sentence in sentences)
            {
                if (sentence == null) throw new ArgumentException($"sentence {index} is null", nameof(sentences));
                bool first = true;
                foreach (var token in sentence)
                {
                    if (string.IsNullOrEmpty(token) || token.AsSpan().IndexOfAny(" \t\n\r") >= 0)
                        throw new ArgumentException($"token '{token}' of sentence {index} is null, empty or contains white space", nameof(sentences));
                    if (!first) w.Write(' ');
                    w.Write(token);
                    first = false;
                }
                w.Write('\n');
                index++;
            }
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
        var corpus = new TrainingCorpus(tmp, "sentence list") { _single = tmp, _preparedOnOpen = false };
        corpus._temporary.Add(tmp);
        return corpus;
    }

    /// <summary>Opens the corpus for reading, a seekable stream of its text (a <see cref="FileStream"/> for a regular
    /// plain file). The first call reads what cannot be read in place into a temporary file (see <see cref="FromFile"/>),
    /// and stops with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// A missing or unreadable file, a folder without files, corrupt or truncated compressed data, is a
    /// <see cref="Word2VecException"/>, a missing file a <see cref="FileNotFoundException"/>.</summary>
    public Stream Open(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_single == null && _segments == null) Prepare(cancellationToken);
        }
        if (_segments != null)
        {
            try
            {
                return new ConcatenatedCorpusStream(_segments);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Word2VecException($"cannot read {Name}: {e.Message}", e);
            }
        }
        return OpenRegular(_single!, Name);
    }

    private static FileStream OpenRegular(string path, string name)
    {
        try
        {
            var handle = FileStatus.OpenRegular(path, followLinks: true) ?? throw new FileNotFoundException();
            return new FileStream(handle, FileAccess.Read, 1);
        }
        catch (NotAFileException e)
        {
            throw new Word2VecException($"{name} {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            if (e is FileNotFoundException or DirectoryNotFoundException) throw new FileNotFoundException($"{name} not found", path, e);
            throw new Word2VecException($"cannot read {name}: {e.Message}", e);
        }
    }

    /// <summary>Lists and checks the parts, reading into temporary files those that cannot be read in place.</summary>
    private void Prepare(CancellationToken cancellationToken)
    {
        string[] files;
        if (_files != null) files = _files;
        else if (_folder || FileStatus.Of(Path, followLinks: true) is { IsDirectory: true }) files = ListFolder(Path, Name);
        else
        {
            var (path, _, _) = Part(Path, Name, cancellationToken);
            _single = path;
            return;
        }
        var segments = new List<ConcatenatedCorpusStream.Segment>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (path, length, last) = Part(file, "training data file " + file, cancellationToken);
            if (length == 0) continue;
            segments.Add(new(path, length));
            if (last != '\n') segments.Add(new(null, 1));
        }
        // No newline after the last part: its end is the corpus's end, as in a single file.
        if (segments.Count > 0 && segments[^1].Path == null) segments.RemoveAt(segments.Count - 1);
        _segments = [.. segments];
    }

    /// <summary>One file of the corpus: its path (the file's own, or a temporary copy of what it holds), its length and
    /// last byte (-1 when empty).</summary>
    private (string Path, long Length, int LastByte) Part(string path, string name, CancellationToken cancellationToken)
    {
        var status = FileStatus.Of(path, followLinks: true);
        if (status == null) throw new FileNotFoundException($"{name} not found", path);
        if (status.Value.IsDirectory) throw new Word2VecException($"{name} is a directory");
        if (!status.Value.IsRegular)
        {
            // A pipe or a device: read once, whatever it holds (opening a FIFO waits for its writer).
            return Spooled(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1), name, mayBlock: true, cancellationToken);
        }
        using var fs = OpenRegular(path, name);
        Span<byte> head = stackalloc byte[CorpusDecoder.MagicLength];
        int n;
        try
        {
            n = RandomAccess.Read(fs.SafeFileHandle, head, 0);
        }
        catch (IOException e)
        {
            throw new Word2VecException($"cannot read {name}: {e.Message}", e);
        }
        if (CorpusDecoder.Detect(head[..n]) == CorpusCompression.None)
        {
            long length = fs.Length;
            Span<byte> last = stackalloc byte[1];
            int lastByte = length > 0 && RandomAccess.Read(fs.SafeFileHandle, last, length - 1) == 1 ? last[0] : -1;
            return (path, length, lastByte);
        }
        return Spooled(() => OpenRegular(path, name), name, mayBlock: false, cancellationToken);
    }

    private (string Path, long Length, int LastByte) Spooled(Func<Stream> open, string name, bool mayBlock, CancellationToken cancellationToken)
    {
        var spooled = CorpusSpool.Write(open, name, mayBlock, cancellationToken);
        _temporary.Add(spooled.Path);
        return spooled;
    }

    private static string[] ListFolder(string path, string name)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (e is DirectoryNotFoundException) throw new FileNotFoundException($"{name} not found", path, e);
            throw new Word2VecException($"cannot read {name}: {e.Message}", e);
        }
        files = [.. files.Where(f => FileStatus.Of(f, followLinks: true) is { IsRegular: true }).Order(StringComparer.Ordinal)];
        if (files.Length == 0) throw new Word2VecException($"{name} holds no files");
        return files;
    }

    /// <summary>Deletes the temporary files (the copies of streams, pipes and compressed files, and sentences). A file,
    /// files or folder corpus opened again afterwards is read again.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_preparedOnOpen) (_single, _segments) = (null, null);
            foreach (var t in _temporary)
            {
                try { File.Delete(t); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            _temporary.Clear();
        }
    }

    /// <summary>The caller's stream, which <see cref="FromStream"/> reads but does not close.</summary>
    private sealed class NotClosingStream(Stream inner) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
    }
}
