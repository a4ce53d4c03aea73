using Microsoft.Net.Http.Headers;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>Recognizes the OTLP/HTTP content types; parameters such as charset are allowed and ignored.</summary>
public static class OtlpContentTypes
{
    public const string Protobuf = "application/x-protobuf";
    public const string Json = "application/json";
    public const string Supported = Protobuf + ", " + Json;

    public static bool TryParse(string? contentType, out OtlpEncoding encoding)
    {
        encoding = OtlpEncoding.Protobuf;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)) return false;
        if (parsed.MediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase)) return true;
        if (!parsed.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)) return false;
        encoding = OtlpEncoding.Json;
        return true;
    }

    public static string Of(OtlpEncoding encoding) => encoding == OtlpEncoding.Json ? Json : Protobuf;
}
