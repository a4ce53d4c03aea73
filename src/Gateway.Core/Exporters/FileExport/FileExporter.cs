using System.Buffers;
using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Exporters.FileExport;

/// <summary>
/// Appends envelopes as NDJSON. Each batch is written with one write call and flushed to the OS before the batch is
/// reported delivered, so a crash of the gateway loses nothing it acknowledged (fsync: true covers power loss too).
/// </summary>
public sealed class FileExporter : IEventExporter, IAsyncDisposable
{
    private readonly FileExporterOptions _options;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _stream;

    public FileExporter(FileExporterOptions options)
    {
        _options = options;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public string CurrentPath => System.IO.Path.GetFullPath(_options.Path);

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _buffer.ResetWrittenCount();
            foreach (var envelope in batch)
            {
                _json.Reset();
                EnvelopeJson.Write(_json, envelope);
                _json.Flush();
                _buffer.Write("\n"u8);
            }

            var stream = OpenForAppend(_buffer.WrittenCount);
            await stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (_options.Fsync) stream.Flush(flushToDisk: true);
            return ExportResult.Success();
        }
        catch (IOException e)
        {
            // A full disk or a removed directory may heal; the shared retry keeps the batch meanwhile.
            CloseStream();
            return ExportResult.Retryable($"cannot write {CurrentPath}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            CloseStream();
            return ExportResult.Retryable($"no permission to write {CurrentPath}: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private FileStream OpenForAppend(int incomingBytes)
    {
        if (_stream is not null && _options.MaxFileSize.Bytes > 0 && _stream.Length > 0 && _stream.Length + incomingBytes > _options.MaxFileSize.Bytes)
        {
            CloseStream();
            Rotate();
        }

        if (_stream is null)
        {
            var directory = System.IO.Path.GetDirectoryName(CurrentPath);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            _stream = new FileStream(CurrentPath, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1);
        }

        return _stream;
    }

    /// <summary>events.ndjson becomes events.1.ndjson, events.1 becomes events.2 ..., beyond max_backups is deleted.</summary>
    private void Rotate()
    {
        var path = CurrentPath;
        var directory = System.IO.Path.GetDirectoryName(path) ?? ".";
        var stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var extension = System.IO.Path.GetExtension(path);
        string Backup(int n) => System.IO.Path.Combine(directory, $"{stem}.{n}{extension}");
        if (_options.MaxBackups == 0)
        {
            System.IO.File.Delete(path);
            return;
        }

        System.IO.File.Delete(Backup(_options.MaxBackups));
        for (var n = _options.MaxBackups - 1; n >= 1; n--)
        {
            if (System.IO.File.Exists(Backup(n))) System.IO.File.Move(Backup(n), Backup(n + 1));
        }

        System.IO.File.Move(path, Backup(1));
    }

    private void CloseStream()
    {
        _stream?.Dispose();
        _stream = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
            await _json.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
