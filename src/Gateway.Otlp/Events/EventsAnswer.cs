using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gateway.Otlp.Events;

/// <summary>
/// The events API's answers, all JSON: <c>{"accepted": N, "rejected": M, "errors": [{"index": i, "reason": "..."}]}</c>
/// on success (a warning about an accepted event carries <c>"warning": true</c>); a refusal is a google.rpc.Status as
/// OTLP/HTTP JSON gives it, <c>{"code": 3, "message": "..."}</c>, with the counts and errors too when events were read.
/// </summary>
internal static class EventsAnswer
{
    private static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Accepted = JsonEncodedText.Encode("accepted");
    private static readonly JsonEncodedText Rejected = JsonEncodedText.Encode("rejected");
    private static readonly JsonEncodedText Errors = JsonEncodedText.Encode("errors");
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText Warning = JsonEncodedText.Encode("warning");

    public static Task WriteAcceptedAsync(HttpResponse response, EventOutcomes outcomes) => WriteAsync(response, StatusCodes.Status200OK, null, null, outcomes);

    public static Task WriteRefusalAsync(HttpResponse response, int status, Grpc.Core.StatusCode code, string message, EventOutcomes? outcomes = null) =>
        WriteAsync(response, status, code, message, outcomes);

    private static Task WriteAsync(HttpResponse response, int status, Grpc.Core.StatusCode? code, string? message, EventOutcomes? outcomes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (code is { } grpc) writer.WriteNumber(Code, (int)grpc);
            if (message is not null) writer.WriteString(Message, message);
            if (outcomes is not null)
            {
                writer.WriteNumber(Accepted, outcomes.Accepted);
                writer.WriteNumber(Rejected, outcomes.Rejected);
                writer.WriteStartArray(Errors);
                foreach (var problem in outcomes.Reported)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber(Index, problem.Index);
                    writer.WriteString(Reason, problem.Reason);
                    if (problem.Warning) writer.WriteBoolean(Warning, true);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory, CancellationToken.None).AsTask();
    }
}
