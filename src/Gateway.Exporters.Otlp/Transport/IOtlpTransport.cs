namespace Gateway.Exporters.Otlp.Transport;

/// <summary>Sends one encoded ExportLogsServiceRequest over gRPC or HTTP and reads the answer the way the OTLP spec defines it.</summary>
internal interface IOtlpTransport : IDisposable
{
    /// <summary>Where requests go, for logs and dead-letter entries.</summary>
    string Destination { get; }

    ValueTask<OtlpAnswer> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
