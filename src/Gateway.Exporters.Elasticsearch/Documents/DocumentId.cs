using System.Buffers.Binary;

namespace Gateway.Exporters.Elasticsearch.Documents;

/// <summary>
/// The document <c>_id</c>: the envelope's content-derived id as 32 lower-case hex characters (the same text as
/// <see cref="Gateway.Envelope.EnvelopeIds.ToHex"/>), so a retried batch hits 409 instead of creating duplicates.
/// </summary>
public static class DocumentId
{
    public const int Length = 32;

    public static void Format(UInt128 id, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, id);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }
}
