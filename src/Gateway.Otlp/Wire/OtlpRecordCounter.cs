namespace Gateway.Otlp.Wire;

/// <summary>
/// Counts the log records of an ExportLogsServiceRequest in protobuf bytes without decoding them, so a request past
/// <c>max_records_per_request</c> is refused before a single envelope is built: the walk skips every record's bytes
/// and stops just past the limit.
/// </summary>
internal static class OtlpRecordCounter
{
    /// <summary>The number of records, or <paramref name="limit"/> + 1 as soon as there are more; throws <see cref="OtlpWireException"/> for bytes that are not a message.</summary>
    public static int Count(ReadOnlyMemory<byte> request, int limit)
    {
        var count = 0;
        var reader = new ProtoWireReader(request);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 1 || wireType != ProtoWireReader.LengthDelimited)
            {
                reader.Skip(field, wireType);
                continue;
            }

            var resourceLogs = new ProtoWireReader(reader.ReadLengthDelimited());
            while (resourceLogs.TryReadTag(out var scopeField, out var scopeWireType))
            {
                if (scopeField != 2 || scopeWireType != ProtoWireReader.LengthDelimited)
                {
                    resourceLogs.Skip(scopeField, scopeWireType);
                    continue;
                }

                var scopeLogs = new ProtoWireReader(resourceLogs.ReadLengthDelimited());
                while (scopeLogs.TryReadTag(out var recordField, out var recordWireType))
                {
                    if (recordField != 2 || recordWireType != ProtoWireReader.LengthDelimited)
                    {
                        scopeLogs.Skip(recordField, recordWireType);
                        continue;
                    }

                    scopeLogs.ReadLengthDelimited();
                    if (++count > limit) return count;
                }
            }
        }

        return count;
    }
}
