using System.Buffers;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Files;

namespace Gateway.Exporters.FileExport;

/// <summary>
/// Appends envelopes as NDJSON. Each batch is written with one write call and flushed to the OS before the batch is
/// reported delivered, so a crash of the gateway loses nothing it acknowledged (fsync: true covers power loss too).
/// The file is opened with append semantics (<see cref="AppendOnlyFile"/>): cut from outside (<c>truncate</c>,
/// logrotate's <c>copytruncate</c>) the next lines start at its new end; renamed away, the path is opened afresh.
/// </summary>
public sealed class FileExporter : IEventExporter, IAsyncDisposable
{
    private readonly FileExporterOptions _options;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AppendOnlyFile? _file;

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

            var file = OpenForAppend(_buffer.WrittenCount);
            file.Append(_buffer.WrittenSpan);
            if (_options.Fsync) file.FlushToDisk();
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

    private AppendOnlyFile OpenForAppend(int incomingBytes)
    {
        // Renamed away by an outside rotation: new lines go to a new file at the configured path.
        if (_file is not null && !_file.IsStillAtPath()) CloseStream();
        if (_file is not null && _options.MaxFileSize.Bytes > 0 && _file.Length is var length and > 0 && length + incomingBytes > _options.MaxFileSize.Bytes)
        {
            CloseStream();
            Rotate();
        }

        return _file ??= AppendOnlyFile.Open(CurrentPath);
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
        _file?.Dispose();
        _file = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            CloseStream();
            await _json.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
