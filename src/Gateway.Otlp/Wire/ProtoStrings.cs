using System.Text;

namespace Gateway.Otlp.Wire;

/// <summary>UTF-8 string fields decoded as Google.Protobuf decodes them: invalid UTF-8 makes the message invalid.</summary>
internal static class ProtoStrings
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="field">Names the field in the refusal, e.g. "severity_text".</param>
    public static string Decode(ReadOnlySpan<byte> utf8, string field) => TryDecode(utf8, out var text) ? text : throw Invalid(field);

    public static bool TryDecode(ReadOnlySpan<byte> utf8, out string text)
    {
        if (utf8.Length == 0)
        {
            text = string.Empty;
            return true;
        }

        try
        {
            text = Utf8.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    public static OtlpWireException Invalid(string field) =>
        new($"{field} is not valid UTF-8; protobuf string fields must be UTF-8 (repair the text, e.g. with U+FFFD for invalid bytes, or send binary data as bytes_value)");
}
