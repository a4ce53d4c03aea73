using System.Text.Json;

namespace Gateway.Testing.Sentry;

/// <summary>One item of an envelope: its header line and its payload bytes.</summary>
public sealed record SentryEnvelopeItem(JsonElement Header, ReadOnlyMemory<byte> Payload)
{
    public string Type => Header.GetProperty("type").GetString()!;
}
