namespace Gateway.Otlp.Compression;

/// <summary>A Content-Encoding the gateway cannot decode: answered 415 with the accepted ones, before the body is read.</summary>
public sealed class UnsupportedContentEncodingException(string contentEncoding)
    : Exception($"unsupported Content-Encoding '{contentEncoding}': send {BodyEncodings.HttpAccepted}")
{
    public string ContentEncoding { get; } = contentEncoding;
}
