using Gateway.Envelope;

namespace Gateway.Queues;

/// <summary>
/// The approximate JSON size of an envelope, for batch <c>max_bytes</c>: string lengths plus a fixed allowance per
/// field, computed once at enqueue without serialising (a bound, not an exact figure).
/// </summary>
public static class EnvelopeSizeEstimate
{
    private const int FixedFields = 320;
    private const int PerAttribute = 16;

    public static int Of(EventEnvelope envelope)
    {
        var size = FixedFields + envelope.Name.Length + envelope.Service.Length + Length(envelope.Environment) + Length(envelope.Message)
            + Length(envelope.Title) + Length(envelope.SeverityText) + Length(envelope.Version) + Length(envelope.SessionId);
        size += Of(envelope.Attributes) + Of(envelope.Resource) + Of(envelope.Tags);
        if (envelope.Error is { } error) size += Length(error.Name) + Length(error.Message) + Length(error.Stack) + Length(error.Code) + 64;
        if (!envelope.Body.IsEmpty) size += Of(envelope.Body);
        if (envelope.Actor is { } actor) size += actor.Type.Length + Length(actor.Id) + Of(actor.Tags) + 32;
        if (envelope.Scope is { } scope) size += scope.Type.Length + Length(scope.Id) + Of(scope.Tags) + 32;
        return size;
    }

    private static int Of(KeyValue[] entries)
    {
        var size = 0;
        foreach (var entry in entries) size += entry.Key.Length + PerAttribute + Of(entry.Value);
        return size;
    }

    private static int Of(AttributeValue value) => value.Kind switch
    {
        AttributeKind.String => value.AsString.Length,
        AttributeKind.Bytes => (value.AsBytes.Length * 4 / 3) + 4,
        AttributeKind.Array => OfArray(value.AsArray),
        AttributeKind.Map => Of(value.AsMap),
        _ => 8,
    };

    private static int OfArray(AttributeValue[] values)
    {
        var size = 2;
        foreach (var value in values) size += Of(value) + 4;
        return size;
    }

    private static int Length(string? text) => text?.Length ?? 0;
}
