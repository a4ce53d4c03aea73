using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary>
/// Finds an attribute by key: the exact key first (OTel keys are dotted, e.g. <c>http.status_code</c>), then, for a
/// dotted key, a map-valued attribute holding the rest (<c>ctx: { order: { id: ... } }</c> answers <c>ctx.order.id</c>).
/// </summary>
public static class AttributeLookup
{
    public static bool TryFind(KeyValue[] entries, ReadOnlySpan<char> key, out AttributeValue value)
    {
        foreach (var entry in entries)
        {
            if (key.SequenceEqual(entry.Key))
            {
                value = entry.Value;
                return true;
            }
        }

        for (var dot = key.IndexOf('.'); dot > 0; dot = NextDot(key, dot))
        {
            var head = key[..dot];
            foreach (var entry in entries)
            {
                if (entry.Value.Kind == AttributeKind.Map && head.SequenceEqual(entry.Key) && TryFind(entry.Value.AsMap, key[(dot + 1)..], out value)) return true;
            }
        }

        value = default;
        return false;
    }

    private static int NextDot(ReadOnlySpan<char> key, int dot)
    {
        var next = key[(dot + 1)..].IndexOf('.');
        return next < 0 ? -1 : dot + 1 + next;
    }
}
