using System.Text.Json;

namespace Gateway.Otlp.Events;

/// <summary>
/// The first look at an events body, before anything is decoded: its items (the object, each element of the array,
/// each NDJSON line), what each is and how many events the body holds, stopping as soon as that passes
/// max_records_per_request. A JSON body must be valid as a whole (a broken one is answered 400, since no event in it
/// can be told apart); an NDJSON line that is not valid JSON is one rejected event and the other lines are read.
/// </summary>
internal static class EventBodyScanner
{
    public static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    private const string Expected = "send one event object, a JSON array of them, or one object per line with Content-Type: application/x-ndjson";

    /// <summary>Throws <see cref="EventsBodyException"/> for a JSON body that is not one object or array, <see cref="TooManyEventsException"/> past the limit.</summary>
    public static EventBodyScan Scan(ReadOnlySpan<byte> body, bool ndjson, EventFormat? forced, int maxEvents)
    {
        var items = new List<EventItem>();
        var events = 0;
        var start = Utf8Bom(body);
        if (ndjson) ScanLines(body, start, forced, maxEvents, items, ref events);
        else ScanJson(body, start, forced, maxEvents, items, ref events);
        return new EventBodyScan(items, events);
    }

    private static void ScanJson(ReadOnlySpan<byte> body, int start, EventFormat? forced, int maxEvents, List<EventItem> items, ref int events)
    {
        // The reader calls a body of nothing but whitespace invalid JSON; the sender is better told it is empty.
        if (body[start..].Trim(" \t\r\n"u8).IsEmpty) throw new EventsBodyException($"the body is empty; {Expected}");
        var reader = new Utf8JsonReader(body[start..], Options);
        var complete = false;
        try
        {
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    Add(items, ScanObject(ref reader, start, forced), maxEvents, ref events);
                    break;
                case JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Add(items, ScanElement(ref reader, start, forced), maxEvents, ref events);
                    break;
                default:
                    throw new EventsBodyException($"the body is {Describe(reader.TokenType)}, not an event; {Expected}");
            }

            complete = true;
            // A second top-level value makes Read throw: the reader allows one.
            reader.Read();
        }
        catch (JsonException e) when (complete)
        {
            throw new EventsBodyException($"the body holds more than one JSON value ({e.Message}); send them as a JSON array, or one per line with Content-Type: application/x-ndjson");
        }
        catch (JsonException e)
        {
            throw new EventsBodyException($"the body is not valid JSON ({e.Message}); {Expected}");
        }
        catch (InvalidOperationException e)
        {
            throw new EventsBodyException($"a field name is not valid Unicode text ({e.Message}); send UTF-8");
        }
    }

    private static void ScanLines(ReadOnlySpan<byte> body, int start, EventFormat? forced, int maxEvents, List<EventItem> items, ref int events)
    {
        var line = 0;
        for (var at = start; at < body.Length;)
        {
            line++;
            var end = body[at..].IndexOf((byte)'\n');
            var length = end < 0 ? body.Length - at : end;
            var text = body.Slice(at, length);
            var lead = text.Length - text.TrimStart(" \t\r"u8).Length;
            text = text.Trim(" \t\r"u8);
            if (!text.IsEmpty) Add(items, ScanLine(text, at + lead, line, forced), maxEvents, ref events);
            at += length + 1;
        }
    }

    private static EventItem ScanLine(ReadOnlySpan<byte> text, int offset, int line, EventFormat? forced)
    {
        var reader = new Utf8JsonReader(text, Options);
        try
        {
            reader.Read();
            var item = ScanElement(ref reader, offset, forced);
            if (reader.Read()) return Rejected(offset, text.Length, $"line {line} holds more than one JSON value; write one event object per line");
            return item;
        }
        catch (JsonException e)
        {
            return Rejected(offset, text.Length, $"line {line} is not valid JSON ({e.Message}); write one event object per line");
        }
        catch (InvalidOperationException e)
        {
            return Rejected(offset, text.Length, $"line {line} has a field name that is not valid Unicode text ({e.Message})");
        }
    }

    private static EventItem ScanElement(ref Utf8JsonReader reader, int offset, EventFormat? forced)
    {
        if (reader.TokenType == JsonTokenType.StartObject) return ScanObject(ref reader, offset, forced);
        var start = offset + (int)reader.TokenStartIndex;
        var found = Describe(reader.TokenType);
        reader.Skip();
        return Rejected(start, offset + (int)reader.BytesConsumed - start, $"expected an event object, found {found}");
    }

    /// <summary>Reads one object to its end, noting the documented field names and the length of its <c>events</c> array.</summary>
    private static EventItem ScanObject(ref Utf8JsonReader reader, int offset, EventFormat? forced)
    {
        var start = offset + (int)reader.TokenStartIndex;
        var keys = EventKeys.None;
        var events = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = EventKeyNames.KeyOf(ref reader);
            keys |= key;
            reader.Read();
            if (key == EventKeys.Events && events < 0 && reader.TokenType == JsonTokenType.StartArray)
            {
                events = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                    events++;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        var length = offset + (int)reader.BytesConsumed - start;
        var kind = EventFormatDetector.Classify(keys, events >= 0, forced);
        if (kind == EventItemKind.TracardiPayload && events < 0)
        {
            return Rejected(start, length, "a Tracardi payload needs an events array: {\"source\":{\"id\":...},\"session\":{\"id\":...},\"events\":[{\"type\":\"page-view\",\"properties\":{...}}]}");
        }

        return new EventItem(start, length, kind, keys, kind == EventItemKind.Event ? 1 : events, null);
    }

    /// <summary>The documented field names of the object the reader (a copy) is on.</summary>
    public static EventKeys KeysOf(Utf8JsonReader reader)
    {
        var keys = EventKeys.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            keys |= EventKeyNames.KeyOf(ref reader);
            reader.Read();
            reader.Skip();
        }

        return keys;
    }

    private static void Add(List<EventItem> items, EventItem item, int maxEvents, ref int events)
    {
        events += item.Events;
        if (events > maxEvents) throw new TooManyEventsException(maxEvents);
        items.Add(item);
    }

    private static EventItem Rejected(int start, int length, string problem) => new(start, length, EventItemKind.Rejected, EventKeys.None, 1, problem);

    private static int Utf8Bom(ReadOnlySpan<byte> body) => body.StartsWith("\uFEFF"u8) ? 3 : 0;

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
