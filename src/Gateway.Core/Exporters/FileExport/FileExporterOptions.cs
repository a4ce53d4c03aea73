using Gateway.Configuration;

namespace Gateway.Exporters.FileExport;

/// <summary>Options of the <c>file</c> exporter: NDJSON, one envelope per line, rotated by size.</summary>
public sealed class FileExporterOptions : ExporterOptions
{
    public string Path { get; set; } = "./data/events.ndjson";

    /// <summary>Rotate when the current file would grow past this size; 0 turns rotation off.</summary>
    public ByteSize MaxFileSize { get; set; } = ByteSize.FromMebibytes(100);

    /// <summary>How many rotated files (events.1.ndjson ...) are kept; older ones are deleted.</summary>
    public int MaxBackups { get; set; } = 5;

    /// <summary>fsync after each batch: survives a power loss, not only a crash of the process; slower.</summary>
    public bool Fsync { get; set; }

    public override void Validate(OptionsValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Path)) context.Error("path", "must name a file, e.g. path: ./data/events.ndjson");
        if (MaxFileSize.Bytes is > 0 and < 1024) context.Error("max_file_size", $"must be 0 (no rotation) or at least 1KiB, got {MaxFileSize}");
        if (MaxBackups < 0) context.Error("max_backups", $"must be 0 or more, got {MaxBackups}");
    }
}
