using Gateway.Configuration;
using Gateway.Otlp.Receivers.Security;

namespace Gateway.Otlp.Receivers;

/// <summary>One listening protocol of the OTLP receiver: <c>endpoint: host:port</c>, as in the collector, with its TLS, CORS and limits.</summary>
public sealed class OtlpProtocolEndpointOptions : IValidatableOptions
{
    public const int DefaultMaxConcurrentRequests = 512;

    /// <summary>
    /// Far above what senders batch (the OTel SDKs send 512 records, the collector's batch processor 8192), far below
    /// what would let one request take gigabytes: 100,000 empty records are 200 KB of protobuf and about 35 MB decoded.
    /// </summary>
    public const int DefaultMaxRecordsPerRequest = 100_000;

    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultKeepaliveTime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultKeepaliveTimeout = TimeSpan.FromSeconds(20);

    /// <summary>host:port; when not written, the protocol's standard port on all interfaces (4317 gRPC, 4318 HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Largest request body accepted, also after decompression, so a gzip bomb is refused and never inflated.</summary>
    public ByteSize MaxRequestBodySize { get; set; } = ByteSize.FromMebibytes(20);

    /// <summary>
    /// Requests handled at once on this protocol; one more is answered 503 / UNAVAILABLE with a retry hint, which every
    /// OTel SDK retries, so a burst of clients cannot hold unbounded memory in request bodies.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    /// <summary>
    /// Log records one request may hold, counted on the wire before anything is decoded; more is answered 413 /
    /// RESOURCE_EXHAUSTED naming this key, so one request cannot cost memory out of proportion to its size.
    /// </summary>
    public int MaxRecordsPerRequest { get; set; } = DefaultMaxRecordsPerRequest;

    /// <summary>
    /// Time from the start of a request until its whole body has arrived; past it HTTP answers 408 and a gRPC call is
    /// cut off, so a client trickling its body cannot hold a request slot for long. The OTel SDKs give up after 10 s.
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = DefaultReadTimeout;

    /// <summary>
    /// A connection with no request in flight for this long is closed (gracefully: HTTP/2 GOAWAY, or after the
    /// current HTTP/1.1 exchange); one that never sent a request is cut. Clients open a new connection when they next send.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = DefaultIdleTimeout;

    /// <summary>HTTP/2 connections that sent nothing for this long get a PING (gRPC's keepalive time).</summary>
    public TimeSpan KeepaliveTime { get; set; } = DefaultKeepaliveTime;

    /// <summary>A PING not answered within this is taken for a dead peer and the connection is closed.</summary>
    public TimeSpan KeepaliveTimeout { get; set; } = DefaultKeepaliveTimeout;

    /// <summary>Serve this protocol over TLS; null serves plaintext.</summary>
    public TlsOptions? Tls { get; set; }

    /// <summary>Browser access to OTLP/HTTP; valid on the http protocol only.</summary>
    public CorsOptions? Cors { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Endpoint is not null && !ListenEndpoint.TryParse(Endpoint, out _)) context.Error("endpoint", $"'{Endpoint}' is not host:port; write e.g. 0.0.0.0:4318 or localhost:4318");
        if (MaxRequestBodySize.Bytes < 1024) context.Error("max_request_body_size", $"must be at least 1KiB, got {MaxRequestBodySize}");
        if (MaxConcurrentRequests < 1) context.Error("max_concurrent_requests", $"must be at least 1, got {MaxConcurrentRequests}; leave it out for the default of {DefaultMaxConcurrentRequests}");
        if (MaxRecordsPerRequest < 1) context.Error("max_records_per_request", $"must be at least 1, got {MaxRecordsPerRequest}; leave it out for the default of {DefaultMaxRecordsPerRequest}");
        Positive(context, "read_timeout", ReadTimeout, DefaultReadTimeout);
        Positive(context, "idle_timeout", IdleTimeout, DefaultIdleTimeout);
        Positive(context, "keepalive_time", KeepaliveTime, DefaultKeepaliveTime, TimeSpan.FromSeconds(1));
        Positive(context, "keepalive_timeout", KeepaliveTimeout, DefaultKeepaliveTimeout, TimeSpan.FromSeconds(1));
    }

    private static void Positive(OptionsValidationContext context, string key, TimeSpan value, TimeSpan fallback, TimeSpan? minimum = null)
    {
        var least = minimum ?? TimeSpan.FromMilliseconds(1);
        if (value < least || value > TimeSpan.FromDays(1)) context.Error(key, $"must be between {least.TotalMilliseconds:0}ms and 24h, got {value}; write e.g. {fallback.TotalSeconds:0}s or leave it out for that default");
    }
}
