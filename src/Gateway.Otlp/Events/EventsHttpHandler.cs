using Gateway.Diagnostics;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Receivers;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using GrpcCode = Grpc.Core.StatusCode;

namespace Gateway.Otlp.Events;

/// <summary>
/// <c>POST /v1/events</c> on the OTLP/HTTP listener: JSON events of the shapes applications already send (Igniter,
/// Flux, Operational, Tracardi, Dash0; docs/events-api.md), through the same door as <c>/v1/logs</c> (TLS, API key,
/// CORS, max_concurrent_requests, read_timeout, max_request_body_size, max_records_per_request, max_in_flight_memory)
/// and into the same pipeline. 200 names what was accepted and rejected by index; 400 when nothing in the body is
/// usable; 405, 408, 413, 415, 429 and 503 as <c>/v1/logs</c> answers them, in JSON. Every answer but 200 goes through
/// <see cref="ReceiverRefusals"/>.
/// </summary>
public sealed class EventsHttpHandler(LogsReceiver receiver, EnvelopeMapper mapper, OtlpProtocolEndpointOptions options, RequestAdmission admission,
    ReceiverRefusals refusals, ILogger<EventsHttpHandler> logger, TimeProvider time)
{
    public const string Path = "/v1/events";
    private const string Transport = "http";

    /// <summary>The longest <c>?service=</c> taken: a service name, not a payload.</summary>
    private const int MaxServiceLength = 256;

    private static readonly KeyValuePair<string, object?>[] FormatTags = CreateFormatTags();

    private readonly long _maxRequestBodySize = options.MaxRequestBodySize.Bytes;
    private readonly LogThrottle _rejectedReport = new(ReceiverRefusals.ReportInterval, time);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (await HttpRequestIntake.RefusedUnlessPostAsync(context, refusals, Transport, Path).ConfigureAwait(false)) return;

        if (!EventContentTypes.TryParse(request.ContentType, out var ndjson))
        {
            await HttpRequestIntake.RefuseContentTypeAsync(context, refusals, Transport, EventContentTypes.Supported).ConfigureAwait(false);
            return;
        }

        if (QueryProblem(request, out var format, out var service) is { } problem)
        {
            await RefuseAsync(context, new HttpRefusal(StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, RefusalReasons.BadRequest, problem)).ConfigureAwait(false);
            return;
        }

        MappedEvents mapped;
        MemoryReservation reservation;
        try
        {
            (mapped, reservation) = await ReadAsync(context, ndjson, format, service).ConfigureAwait(false);
        }
        catch (Exception e) when (Refusal(context, e) is { } refusal)
        {
            await RefuseAsync(context, refusal).ConfigureAwait(false);
            return;
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while its body was read: nobody is left to answer.
            return;
        }
        catch (Exception e)
        {
            // No rule foresaw this body, yet it is the body that failed: a 400 saying what broke, and the gap logged as an error.
            EventsLog.UnexpectedReadFailure(logger, e);
            await RefuseAsync(context, new HttpRefusal(StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, RefusalReasons.BadRequest,
                $"the request body could not be read ({e.GetType().Name}: {e.Message})")).ConfigureAwait(false);
            return;
        }

        using (reservation)
        {
            await AnswerAsync(context, mapped).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(HttpContext context, MappedEvents mapped)
    {
        var outcomes = mapped.Outcomes;
        var response = context.Response;
        if (mapped.Envelopes.Count == 0)
        {
            CountRejected(outcomes);
            var message = $"no usable event in the body ({outcomes.Rejected} rejected, see errors); send events of one of the shapes {EventFormats.Expected}, e.g. {{\"name\": \"user.signup\", \"properties\": {{\"plan\": \"pro\"}}}}";
            refusals.Refuse(context, Transport, RefusalReasons.BadRequest, "400", message);
            await EventsAnswer.WriteRefusalAsync(response, StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, message, outcomes).ConfigureAwait(false);
            return;
        }

        IngestResult ingest;
        try
        {
            ingest = await receiver.IngestAsync(mapped.Envelopes, Transport, context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            EventsLog.IngestFailed(logger, mapped.Envelopes.Count, e);
            const string message = "the gateway failed while accepting the events (an internal error, logged); they were not acknowledged";
            refusals.Refuse(context, Transport, RefusalReasons.InternalError, "500", message, mapped.Envelopes.Count);
            await EventsAnswer.WriteRefusalAsync(response, StatusCodes.Status500InternalServerError, GrpcCode.Internal, message).ConfigureAwait(false);
            return;
        }

        if (ingest.Status != IngestStatus.Accepted)
        {
            // Counted by the receiver; nothing was acknowledged, so the client sends the whole body again.
            var pushback = HttpRequestIntake.PipelineRefusal(response, ingest);
            await EventsAnswer.WriteRefusalAsync(response, pushback.Status, pushback.Code, pushback.Message).ConfigureAwait(false);
            return;
        }

        for (var f = 0; f < mapped.PerFormat.Length; f++)
        {
            if (mapped.PerFormat[f] > 0) OtlpReceiverMetrics.AcceptedEvents.Add(mapped.PerFormat[f], OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.HttpTag, FormatTags[f]);
        }

        CountRejected(outcomes);
        await EventsAnswer.WriteAcceptedAsync(response, outcomes).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the body under read_timeout, counts its events against max_records_per_request and reserves its share of
    /// max_in_flight_memory before anything is decoded, then maps it while its pooled buffer is held.
    /// </summary>
    private async Task<(MappedEvents, MemoryReservation)> ReadAsync(HttpContext context, bool ndjson, EventFormat? format, string? service)
    {
        using var body = await HttpRequestIntake.ReadBodyAsync(context, _maxRequestBodySize).ConfigureAwait(false);
        var maxEvents = options.MaxRecordsPerRequest;
        var scan = EventBodyScanner.Scan(body.Span, ndjson, format, maxEvents);
        if (scan.Events == 0) throw new EventsBodyException($"the body holds no event; send one event object, a JSON array of them or NDJSON, e.g. {{\"name\": \"user.signup\"}}");
        var reservation = admission.Admit(body.Length, scan.Events, maxEvents);
        try
        {
            return (EventsMapper.Map(mapper, body.Span, scan, format, service), reservation);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    private HttpRefusal? Refusal(HttpContext context, Exception e) => e switch
    {
        EventsBodyException => new(StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, RefusalReasons.BadRequest, e.Message),
        TooManyEventsException => new(StatusCodes.Status413PayloadTooLarge, GrpcCode.InvalidArgument, RefusalReasons.MaxRecordsPerRequest, e.Message),
        _ => HttpRequestIntake.Refusal(context, e, _maxRequestBodySize),
    };

    private Task RefuseAsync(HttpContext context, HttpRefusal refusal)
    {
        refusals.Refuse(context, Transport, refusal.Reason, ReceiverRefusals.Http(refusal.Status), refusal.Message);
        HttpRequestIntake.PrepareRefusal(context, refusal);
        return EventsAnswer.WriteRefusalAsync(context.Response, refusal.Status, refusal.Code, refusal.Message);
    }

    private void CountRejected(EventOutcomes outcomes)
    {
        if (outcomes.Rejected == 0) return;
        OtlpReceiverMetrics.Rejected.Add(outcomes.Rejected, OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.HttpTag);
        if (_rejectedReport.TryReport(1, out var total) && outcomes.FirstRejection is { } first)
        {
            EventsLog.EventsRejected(logger, outcomes.Rejected, outcomes.Accepted + outcomes.Rejected, first.Index, first.Reason, total - 1);
        }
    }

    /// <summary><c>?format=</c> (a shape name) and <c>?service=</c> (for events that name none); a problem's text, or null.</summary>
    private static string? QueryProblem(HttpRequest request, out EventFormat? format, out string? service)
    {
        format = null;
        service = null;
        var query = request.Query;
        if (query.TryGetValue("format", out var formats))
        {
            if (formats.Count != 1 || !EventFormats.TryParse(formats[0], out var forced)) return $"?format={formats} is not a shape this gateway reads; write one of {EventFormats.Expected}, or leave it out to detect each event's";
            format = forced;
        }

        if (query.TryGetValue("service", out var services))
        {
            if (services.Count != 1 || string.IsNullOrWhiteSpace(services[0]) || services[0]!.Length > MaxServiceLength) return $"?service= must name one service (1-{MaxServiceLength} characters), e.g. ?service=checkout";
            service = services[0];
        }

        return null;
    }

    private static KeyValuePair<string, object?>[] CreateFormatTags()
    {
        var tags = new KeyValuePair<string, object?>[EventFormats.Count];
        for (var f = 0; f < tags.Length; f++) tags[f] = new("format", EventFormats.Name((EventFormat)f));
        return tags;
    }
}
