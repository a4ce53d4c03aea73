using System.Text;
using System.Text.Json;

namespace Gateway.Otlp.Json;

/// <summary>
/// The JSON path of the token at a byte offset, e.g. <c>resourceLogs[0].scopeLogs[0].logRecords[2].body.stringValue</c>,
/// so a refusal names the field as the sender wrote it. Worked out only when a request is refused, by reading the
/// body again up to the offset; the reader itself tracks nothing per token.
/// </summary>
internal static class OtlpJsonPath
{
    public const string Root = "the top level";

    public static string At(ReadOnlySpan<byte> json, long offset, JsonReaderOptions options)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, options);
        try
        {
            while (reader.Read() && reader.TokenStartIndex <= offset)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Name = NameOf(ref reader) };
                        if (reader.TokenStartIndex == offset) return Format(frames);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (reader.TokenStartIndex == offset) return Format(frames);
                        frames.RemoveAt(frames.Count - 1);
                        if (frames.Count > 0 && !frames[^1].IsArray) frames[^1] = frames[^1] with { Name = null };
                        break;
                    default:
                        if (frames.Count > 0 && frames[^1].IsArray) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                        if (reader.TokenStartIndex == offset) return Format(frames);
                        if (reader.TokenType == JsonTokenType.StartObject) frames.Add(new Frame(false, null, -1));
                        else if (reader.TokenType == JsonTokenType.StartArray) frames.Add(new Frame(true, null, -1));
                        else if (frames.Count > 0 && !frames[^1].IsArray) frames[^1] = frames[^1] with { Name = null };
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The body breaks before the offset only if it changed; the path so far is the best answer.
        }

        return Format(frames);
    }

    private static string NameOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            try
            {
                return reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // An escape that is not valid Unicode: shown as written.
            }
        }

        return Encoding.UTF8.GetString(reader.ValueSpan);
    }

    private static string Format(List<Frame> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                if (frame.Index >= 0) path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is not null)
            {
                if (path.Length > 0) path.Append('.');
                path.Append(frame.Name);
            }
        }

        return path.Length == 0 ? Root : path.ToString();
    }

    private readonly record struct Frame(bool IsArray, string? Name, int Index);
}
