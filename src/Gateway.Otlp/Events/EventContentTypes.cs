using Microsoft.Net.Http.Headers;

namespace Gateway.Otlp.Events;

/// <summary>
/// The content types <c>/v1/events</c> reads: JSON (one event object or an array of them) and NDJSON (one object per
/// line). Others, text/plain included, are refused: a browser may send text/plain from any page without a CORS
/// preflight, and the events API must not take events a page's origin was never allowed to send.
/// </summary>
public static class EventContentTypes
{
    public const string Json = "application/json";
    public const string Ndjson = "application/x-ndjson";
    public const string Supported = Json + " (an event object or an array of them) or " + Ndjson + " (one event object per line)";

    public static bool TryParse(string? contentType, out bool ndjson)
    {
        ndjson = false;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)) return false;
        if (parsed.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)) return true;
        ndjson = parsed.MediaType.Equals(Ndjson, StringComparison.OrdinalIgnoreCase) || parsed.MediaType.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase);
        return ndjson;
    }
}
