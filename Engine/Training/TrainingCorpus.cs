using System.Text;

namespace Word2VecNative.Training;

/// <summary>
/// What the trainer reads: a text file in the C tool's format (words separated by spaces, tabs or newlines;
/// a newline ends a sentence). Streams and in-memory sentences are written to a temporary file first, because
/// training reads the corpus once for the vocabulary and again for every epoch, each thread from its own offset.
/// </summary>
public sealed class TrainingCorpus : IDisposable
{
    private readonly bool _temporary;

    private TrainingCorpus(string path, string name, bool temporary)
    {
        Path = path;
        Name = name;
        _temporary = temporary;
    }

    /// <summary>The file training reads.</summary>
    public string Path { get; }

    /// <summary>How errors name the corpus: "training data file PATH", or what the sentences or stream came from.</summary>
    public string Name { get; }

    /// <summary>A corpus file; it is opened when training starts.</summary>
    public static TrainingCorpus FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new TrainingCorpus(path, "training data file " + path, false);
    }

    /// <summary>Copies <paramref name="stream"/> (read to its end) into a temporary file deleted on dispose.</summary>
    public static TrainingCorpus FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Temporary("training stream", fs => stream.CopyTo(fs));
    }

    /// <summary>Writes tokenised sentences (one per line, words joined by spaces, UTF-8) to a temporary file deleted
    /// on dispose. A token may not be null, empty or contain a space, tab, newline or carriage return; a sentence
    /// may not be null (an empty one is an empty line).</summary>
    public static TrainingCorpus FromSentences(IEnumerable<IEnumerable<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        return Temporary("sentence list", fs =>
        {
            using var w = new StreamWriter(fs, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
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
        });
    }

    private static TrainingCorpus Temporary(string name, Action<FileStream> fill)
    {
        string tmp = System.IO.Path.GetTempFileName();
        try
        {
            using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            fill(fs);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
        return new TrainingCorpus(tmp, name, true);
    }

    /// <summary>Opens the corpus for reading; a missing or unreadable file, and anything but a regular file (a FIFO, a
    /// device, a directory: training reads the corpus once for the vocabulary and again for every epoch, each thread
    /// from its own offset), is a <see cref="Word2VecException"/>, a missing one a <see cref="FileNotFoundException"/>. A FIFO is
    /// refused without waiting for a writer.</summary>
    public FileStream Open()
    {
        try
        {
            var handle = FileStatus.OpenRegular(Path, followLinks: true) ?? throw new FileNotFoundException();
            return new FileStream(handle, FileAccess.Read, 1);
        }
        catch (NotAFileException e)
        {
            throw new Word2VecException($"ERROR: {Name} {e.Message}; training reads its corpus several times, from several offsets, so it must be a regular file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            if (e is FileNotFoundException or DirectoryNotFoundException) throw new FileNotFoundException($"{Name} not found", Path, e);
            throw new Word2VecException($"ERROR: cannot read {Name}: {e.Message}", e);
        }
    }

    /// <summary>Deletes the temporary file of a stream or sentences corpus.</summary>
    public void Dispose()
    {
        if (_temporary)
        {
            try { File.Delete(Path); } catch (IOException) { }
        }
    }
}
