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

    private TrainingCorpus(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    /// <summary>The file training reads.</summary>
    public string Path { get; }

    public static TrainingCorpus FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new TrainingCorpus(path, false);
    }

    /// <summary>Copies <paramref name="stream"/> (read to its end) into a temporary file deleted on dispose.</summary>
    public static TrainingCorpus FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string tmp = System.IO.Path.GetTempFileName();
        try
        {
            using var fs = File.Create(tmp);
            stream.CopyTo(fs);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
        return new TrainingCorpus(tmp, true);
    }

    /// <summary>Writes tokenised sentences (one per line, words joined by spaces, UTF-8) to a temporary file.
    /// A token may not be empty or contain a space, tab, newline or carriage return.</summary>
    public static TrainingCorpus FromSentences(IEnumerable<IEnumerable<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        string tmp = System.IO.Path.GetTempFileName();
        try
        {
            using var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var w = new StreamWriter(fs, new UTF8Encoding(false));
            foreach (var sentence in sentences)
            {
                bool first = true;
                foreach (var token in sentence)
                {
                    if (string.IsNullOrEmpty(token) || token.AsSpan().IndexOfAny(" \t\n\r") >= 0)
                        throw new ArgumentException($"token '{token}' is empty or contains white space", nameof(sentences));
                    if (!first) w.Write(' ');
                    w.Write(token);
                    first = false;
                }
                w.Write('\n');
            }
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
        return new TrainingCorpus(tmp, true);
    }

    public void Dispose()
    {
        if (_temporary)
        {
            try { File.Delete(Path); } catch (IOException) { }
        }
    }
}
