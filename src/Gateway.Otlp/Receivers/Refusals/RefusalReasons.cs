namespace Gateway.Otlp.Receivers.Refusals;

/// <summary>
/// The <c>reason</c> label of <c>otelcol_receiver_refused_requests</c>: a refusal by a configured limit carries the
/// limit's YAML key, so a dashboard names the knob to turn; the others say what was wrong with the request.
/// </summary>
public static class RefusalReasons
{
    public const string BadRequest = "bad_request";
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>A Content-Encoding (HTTP 415) or grpc-encoding (UNIMPLEMENTED) the gateway cannot decompress.</summary>
    public const string UnsupportedContentEncoding = "unsupported_content_encoding";
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>OTLP/HTTP (HTTP/1.1) sent to the gRPC port, or gRPC (HTTP/2) to the HTTP port.</summary>
    public const string WrongProtocol = "wrong_protocol";
    public const string NotFound = "not_found";
    public const string Unauthenticated = "unauthenticated";
    public const string OriginNotAllowed = "origin_not_allowed";
    public const string MaxRequestBodySize = "max_request_body_size";
    public const string MaxRecordsPerRequest = "max_records_per_request";
    public const string MaxConcurrentRequests = "max_concurrent_requests";
    public const string MaxInFlightMemory = "max_in_flight_memory";
    public const string ReadTimeout = "read_timeout";

    /// <summary>The request is larger than an exporter's persistent queue can ever hold (its queue.max_bytes): refused for good.</summary>
    public const string QueueMaxBytes = "queue_max_bytes";

    /// <summary>Kestrel's minimum request body data rate (240 bytes/s after a 5 s grace) was not met.</summary>
    public const string MinRequestBodyDataRate = "min_request_body_data_rate";

    /// <summary>A queue with the block policy is full: the client retries after the announced delay.</summary>
    public const string Backpressure = "backpressure";

    /// <summary>A persistent queue cannot store the request (its disk is full): the client retries after the announced delay.</summary>
    public const string StorageUnavailable = "storage_unavailable";

    /// <summary>The gateway is stopping (draining its queues) or the pipeline refused for another transient reason.</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>The gateway failed while accepting a decoded request (a bug, logged with its stack): nothing was acknowledged.</summary>
    public const string InternalError = "internal_error";

    /// <summary>An answer no refusal site named (an unhandled failure, or a status the gateway did not choose itself).</summary>
    public const string Other = "other";
}
