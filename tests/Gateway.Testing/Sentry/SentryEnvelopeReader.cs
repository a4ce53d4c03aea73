using System.Text.Json;

namespace Gateway.Testing.Sentry;

/// <summary>
/// Parses the envelope format as Sentry's ingestion does: a JSON header line, then items, each a JSON header line with
/// a "type" and an optional "length" (exactly that many payload bytes follow) or else a payload up to the next newline.
/// </summary>
public static class SentryEnvelopeReader
{
    public static (JsonElement Header, List<SentryEnvelopeItem> Items) Read(ReadOnlyMemory<byte> body)
    {
        var at = 0;
        var span = body.Span;
        var header = ReadJsonLine(body, ref at, "envelope header");
        if (header.ValueKind != JsonValueKind.Object) throw new SentryEnvelopeFormatException("envelope header is not a JSON object");
        if (header.TryGetProperty("event_id", out var eventId) && !IsEventId(eventId)) throw new SentryEnvelopeFormatException("invalid event_id in envelope header");
        var items = new List<SentryEnvelopeItem>();
        while (at < span.Length)
        {
            if (span[at] == (byte)'\n')
            {
                at++;
                continue;
            }

            var itemHeader = ReadJsonLine(body, ref at, "item header");
            if (itemHeader.ValueKind != JsonValueKind.Object || !itemHeader.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw new SentryEnvelopeFormatException("item header without a string 'type'");
            }

            ReadOnlyMemory<byte> payload;
            if (itemHeader.TryGetProperty("length", out var lengthElement))
            {
                if (!lengthElement.TryGetInt32(out var length) || length < 0) throw new SentryEnvelopeFormatException("item header 'length' is not a non-negative integer");
                if (at + length > span.Length) throw new SentryEnvelopeFormatException($"item payload shorter than its length {length}");
                payload = body.Slice(at, length);
                at += length;
                if (at < span.Length && span[at] != (byte)'\n') throw new SentryEnvelopeFormatException("item payload longer than its length");
                at++;
            }
            else
            {
                var end = span[at..].IndexOf((byte)'\n');
                var length = end < 0 ? span.Length - at : end;
                payload = body.Slice(at, length);
                at += length + 1;
            }

            items.Add(new SentryEnvelopeItem(itemHeader, payload));
        }

        return (header, items);
    }

    /// <summary>32 hex digits, or a dashed UUID (Sentry accepts both).</summary>
    public static bool IsEventId(JsonElement element) =>
        element.ValueKind == JsonValueKind.String && element.GetString() is { } text
        && (text.Length == 32 && IsHex(text) || text.Length == 36 && Guid.TryParseExact(text, "D", out _));

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }

        return true;
    }

    private static JsonElement ReadJsonLine(ReadOnlyMemory<byte> body, ref int at, string what)
    {
        var rest = body.Span[at..];
        var end = rest.IndexOf((byte)'\n');
        var line = end < 0 ? body[at..] : body.Slice(at, end);
        at += end < 0 ? rest.Length : end + 1;
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new SentryEnvelopeFormatException($"{what} is not valid JSON: {exception.Message}");
        }
    }
}
