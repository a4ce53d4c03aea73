using System.Text;

namespace Gateway.Otlp.Wire;

/// <summary>UTF-8 string fields decoded as Google.Protobuf decodes them: invalid UTF-8 makes the message invalid.</summary>
internal static class ProtoStrings
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0) return string.Empty;
        try
        {
            return Utf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw InvalidUtf8();
        }
    }

    /// <summary>Decodes into <paramref name="chars"/> (which holds at least as many chars as there are bytes); returns the length.</summary>
    public static int Decode(ReadOnlySpan<byte> utf8, Span<char> chars)
    {
        try
        {
            return Utf8.GetChars(utf8, chars);
        }
        catch (DecoderFallbackException)
        {
            throw InvalidUtf8();
        }
    }

    private static OtlpWireException InvalidUtf8() => new("a string field is invalid UTF-8");
}
