using System.Text.Json;

namespace Gateway.Otlp.Json;

/// <summary>
/// A first look at an OTLP/JSON body before it is parsed: how many log records it holds (stopping just past the
/// limit, so an oversized request is refused before its object graph is built) and which top-level fields are not
/// OTLP's (a plain application JSON such as <c>{"name":"user.signup"}</c> decodes to zero records, and the receiver
/// says so in its log). Malformed JSON is left to the parser, which reports where it is wrong.
/// </summary>
public readonly record struct OtlpJsonShape(int Records, IReadOnlyList<string> UnknownFields)
{
    /// <summary>At most this many unknown field names are kept for the log line, each cut to <see cref="MaxFieldNameLength"/>.</summary>
    public const int MaxUnknownFields = 8;

    public const int MaxFieldNameLength = 64;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    public static OtlpJsonShape Scan(ReadOnlySpan<byte> json, int limit)
    {
        var reader = new Utf8JsonReader(json, Options);
        var records = 0;
        List<string>? unknown = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return new OtlpJsonShape(0, []);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceLogs"u8) || reader.ValueTextEquals("resource_logs"u8))
                {
                    reader.Read();
                    records += CountIn(ref reader, limit - records, static (ref Utf8JsonReader r) => r.ValueTextEquals("scopeLogs"u8) || r.ValueTextEquals("scope_logs"u8), level: 0);
                    if (records > limit) break;
                    continue;
                }

                unknown ??= [];
                if (unknown.Count < MaxUnknownFields)
                {
                    var name = reader.GetString() ?? string.Empty;
                    unknown.Add(name.Length > MaxFieldNameLength ? name[..MaxFieldNameLength] : name);
                }

                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The parser that follows refuses the body with the position of the error.
        }
        catch (InvalidOperationException)
        {
            // A string that cannot be transcoded: likewise left to the parser.
        }

        return new OtlpJsonShape(records, (IReadOnlyList<string>?)unknown ?? []);
    }

    private delegate bool IsChildArray(ref Utf8JsonReader reader);

    /// <summary>
    /// The reader is on an array of resourceLogs (level 0) or scopeLogs (level 1): counts the records below it, and at
    /// level 2 (logRecords) the elements themselves, stopping past <paramref name="left"/>.
    /// </summary>
    private static int CountIn(ref Utf8JsonReader reader, int left, IsChildArray isChild, int level)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (level == 2)
            {
                reader.Skip();
                if (++count > left) return count;
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var child = isChild(ref reader);
                reader.Read();
                if (!child)
                {
                    reader.Skip();
                    continue;
                }

                count += level == 0
                    ? CountIn(ref reader, left - count, static (ref Utf8JsonReader r) => r.ValueTextEquals("logRecords"u8) || r.ValueTextEquals("log_records"u8), level: 1)
                    : CountIn(ref reader, left - count, isChild, level: 2);
                if (count > left) return count;
            }
        }

        return count;
    }
}
