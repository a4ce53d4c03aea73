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
            throw new OtlpWireException("a string field is invalid UTF-8");
        }
    }
}
