using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Diagnostics;
using Gateway.Otlp.Receivers.Security;
using Gateway.Pipeline;
using Gateway.Routing.Conditions;
using Gateway.Taps;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Observing;

/// <summary>
/// <c>GET /tap?at=processed&amp;where=...&amp;limit=N&amp;format=json|text</c>: a live tap as Server-Sent Events. Each
/// event is one <c>data:</c> line (envelope JSON, or the console line); <c>event: dropped</c> reports what a slow
/// reader missed, <c>event: end</c> closes a tap that reached its limit. The tap detaches when the client leaves.
/// </summary>
internal sealed class TapEndpoint
{
    public const string Path = "/tap";
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(1);
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    private readonly TapOptions _options;
    private readonly PipelineTaps _taps;
    private readonly Func<GatewayRuntime> _runtime;
    private readonly ApiKeyAuthenticator? _authenticator;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LogThrottle _refusalReports;
    private readonly CancellationToken _stopping;

    public TapEndpoint(TapOptions options, PipelineTaps taps, Func<GatewayRuntime> runtime, ILogger logger, TimeProvider time, CancellationToken stopping)
    {
        _options = options;
        _taps = taps;
        _runtime = runtime;
        _logger = logger;
        _time = time;
        _stopping = stopping;
        _refusalReports = new LogThrottle(TimeSpan.FromSeconds(10), time);
        if (options.ResolveApiKey() is { } key)
        {
            _authenticator = new ApiKeyAuthenticator(new ReceiverAuthOptions { Keys = [new ApiKeyOptions { Name = "tap", Key = key }] });
        }
    }

    /// <summary>Whether a tap needs a key (the status page asks for one then).</summary>
    public bool KeyRequired => _authenticator is not null;

    public bool AllowUnredacted => _options.AllowUnredacted;

    public async Task HandleAsync(HttpContext context)
    {
        if (!TryAdmit(context, out var tap, out var limit, out var refusal))
        {
            await RefuseAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        if (!_taps.TryAttach(tap!, _options.MaxTaps))
        {
            await RefuseAsync(context, new Refusal(StatusCodes.Status429TooManyRequests, "too_many_taps",
                $"{_options.MaxTaps} taps are attached already (service.telemetry.tap.max_taps); close one or raise the limit")).ConfigureAwait(false);
            return;
        }

        var point = tap!.Point.ToString();
        var whereText = context.Request.Query["where"].ToString();
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        ObservingLog.TapAttached(_logger, point, whereText.Length > 0 ? whereText : "everything", client);
        long sent = 0;
        try
        {
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            sent = await StreamAsync(context.Response, tap, limit, ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left or the gateway stops: the tap ends.
        }
        catch (IOException)
        {
            // The connection broke mid-write.
        }
        finally
        {
            _taps.Detach(tap);
            ObservingLog.TapDetached(_logger, point, sent, tap.Dropped);
        }
    }

    private async Task<long> StreamAsync(HttpResponse response, TapSubscription tap, long? limit, CancellationToken ended)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        var body = response.Body;
        await WriteEventAsync(body, "tap", Encoding.UTF8.GetBytes(Describe(tap, limit)), ended).ConfigureAwait(false);
        await body.FlushAsync(ended).ConfigureAwait(false);

        long sent = 0, reportedDropped = 0;
        var lastWrite = _time.GetTimestamp();
        while (!ended.IsCancellationRequested)
        {
            byte[]? line;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ended))
            {
                wait.CancelAfter(DropReportInterval);
                line = await tap.ReadAsync(wait.Token).ConfigureAwait(false);
            }

            ended.ThrowIfCancellationRequested();
            var dropped = tap.Dropped;
            if (dropped != reportedDropped)
            {
                ObservingMetrics.TapDropped.Add(dropped - reportedDropped);
                reportedDropped = dropped;
                await WriteEventAsync(body, "dropped", Encoding.UTF8.GetBytes($$"""{"dropped":{{dropped}}}"""), ended).ConfigureAwait(false);
                lastWrite = _time.GetTimestamp();
            }

            if (line is not null)
            {
                await WriteEventAsync(body, null, line, ended).ConfigureAwait(false);
                ObservingMetrics.TapShown.Add(1);
                lastWrite = _time.GetTimestamp();
                if (++sent >= limit)
                {
                    await WriteEventAsync(body, "end", Encoding.UTF8.GetBytes($$"""{"reason":"limit","events":{{sent}},"dropped":{{tap.Dropped}}}"""), ended).ConfigureAwait(false);
                    await body.FlushAsync(ended).ConfigureAwait(false);
                    return sent;
                }
            }
            else if (_time.GetElapsedTime(lastWrite) >= KeepAliveInterval)
            {
                // A comment line keeps proxies and browsers from closing a quiet stream.
                await body.WriteAsync(KeepAlive, ended).ConfigureAwait(false);
                lastWrite = _time.GetTimestamp();
            }

            await body.FlushAsync(ended).ConfigureAwait(false);
        }

        return sent;
    }

    private bool TryAdmit(HttpContext context, out TapSubscription? tap, out long? limit, out Refusal refusal)
    {
        tap = null;
        limit = null;
        refusal = default;
        var query = context.Request.Query;
        if (!_options.Enabled)
        {
            refusal = new(StatusCodes.Status404NotFound, "disabled", "taps are switched off (service.telemetry.tap.enabled: false)");
            return false;
        }

        if (_authenticator is not null && _authenticator.Authenticate(context.Request.Headers.Authorization) is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"gateway tap\"";
            refusal = new(StatusCodes.Status401Unauthorized, "unauthenticated",
                context.Request.Headers.Authorization.Count == 0
                    ? "the tap needs the key of service.telemetry.tap.api_key: send Authorization: Bearer KEY (gateway tap --api-key KEY)"
                    : "the key given is not the tap's key (service.telemetry.tap.api_key)");
            return false;
        }

        var at = query["at"].ToString();
        TapPoint point;
        if (at.Length == 0 || at == TapPoint.ProcessedName) point = TapPoint.Processed;
        else if (at == TapPoint.ReceivedName)
        {
            if (!_options.AllowUnredacted)
            {
                refusal = new(StatusCodes.Status403Forbidden, "unredacted_not_allowed",
                    "tapping events as received (before sampling and redaction, secrets included) is off; set service.telemetry.tap.allow_unredacted: true to allow it, or tap at=processed");
                return false;
            }

            point = TapPoint.Received;
        }
        else
        {
            var exporters = _runtime().Lanes.Select(l => l.Name).ToArray();
            if (Array.IndexOf(exporters, at) < 0)
            {
                refusal = new(StatusCodes.Status404NotFound, "unknown_exporter",
                    $"at={at}: no exporter '{at}' is running{YamlBinder.Suggest(at, exporters)}; tap at received, processed or one of: {(exporters.Length == 0 ? "(none)" : string.Join(", ", exporters))}");
                return false;
            }

            point = TapPoint.At(at);
        }

        if (!TapCondition.TryCompile(query["where"].ToString(), out var where, out var whereError))
        {
            refusal = new(StatusCodes.Status400BadRequest, "bad_request", whereError!);
            return false;
        }

        if (query["limit"].ToString() is { Length: > 0 } limitText)
        {
            if (!long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                refusal = new(StatusCodes.Status400BadRequest, "bad_request", $"limit={limitText}: write a whole number of events, 1 or more");
                return false;
            }

            limit = parsed;
        }

        var format = query["format"].ToString();
        if (format is not ("" or "json" or "text"))
        {
            refusal = new(StatusCodes.Status400BadRequest, "bad_request", $"format={format}: write format=json (envelope JSON) or format=text (console lines)");
            return false;
        }

        var render = format == "text" ? TapRendering.Text(query["color"].ToString() is "true" or "1") : TapRendering.Json();
        tap = new TapSubscription(point, where, _options.BufferSize, render);
        return true;
    }

    private async Task RefuseAsync(HttpContext context, Refusal refusal)
    {
        ObservingMetrics.TapRefused.Add(1, new KeyValuePair<string, object?>("reason", refusal.Reason));
        if (_refusalReports.TryReport(1, out var total)) ObservingLog.TapRefused(_logger, refusal.Status, refusal.Reason, refusal.Message, total - 1);
        context.Response.StatusCode = refusal.Status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(refusal.Message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private string Describe(TapSubscription tap, long? limit)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", tap.Point.ToString());
            json.WriteBoolean("redacted", tap.Point.Stage != TapStage.Received);
            json.WriteBoolean("filtered", tap.Where is not null);
            if (limit is { } n) json.WriteNumber("limit", n);
            json.WriteNumber("buffer", _options.BufferSize);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task WriteEventAsync(Stream body, string? name, byte[] data, CancellationToken cancellationToken)
    {
        if (name is not null) await body.WriteAsync(Encoding.UTF8.GetBytes($"event: {name}\n"), cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(DataPrefix, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await body.WriteAsync(EventEnd, cancellationToken).ConfigureAwait(false);
    }

    private readonly record struct Refusal(int Status, string Reason, string Message);
}
