using System.Buffers;
using System.IO.Hashing;
using Google.Protobuf;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// Envelope ids from content: XxHash128 over the record's protobuf bytes plus its resource's and scope's identity,
/// so a record sent twice (a client retry) gets the same id and Elasticsearch/Sentry deduplicate it, while two
/// different records practically never collide. One instance per request; not thread-safe.
/// </summary>
internal sealed class RecordIdHasher
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly XxHash128 _hash = new();

    public ulong HashOf(IMessage? message)
    {
        if (message is null) return 0;
        _buffer.ResetWrittenCount();
        message.WriteTo(_buffer);
        return XxHash64.HashToUInt64(_buffer.WrittenSpan);
    }

    public UInt128 IdOf(ulong resourceHash, ulong scopeHash, IMessage record)
    {
        _buffer.ResetWrittenCount();
        record.WriteTo(_buffer);
        Span<byte> identity = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(identity, resourceHash);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(identity[8..], scopeHash);
        _hash.Reset();
        _hash.Append(identity);
        _hash.Append(_buffer.WrittenSpan);
        return _hash.GetCurrentHashAsUInt128();
    }
}
