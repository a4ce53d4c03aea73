using System.Buffers;

namespace Gateway.Exporters.ConsoleExport;

/// <summary>Writes each batch to standard output (or a given stream) in one write, so lines of concurrent batches never interleave.</summary>
public sealed class ConsoleExporter : IEventExporter
{
    private readonly ConsoleLineFormatter _formatter;
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ConsoleExporter(ConsoleExporterOptions options, Stream output, bool color)
    {
        _output = output;
        _formatter = new ConsoleLineFormatter(options, color);
    }

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _buffer.ResetWrittenCount();
            foreach (var envelope in batch) _formatter.Write(envelope, _buffer);
            await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExportResult.Success();
        }
        catch (IOException e)
        {
            return ExportResult.Permanent($"standard output is closed: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }
}
