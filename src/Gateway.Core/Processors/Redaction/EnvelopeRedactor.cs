using Gateway.Envelope;

namespace Gateway.Processors.Redaction;

/// <summary>
/// Walks every place of an envelope that can hold a secret: key rules on every map at any depth, value detectors on
/// every string. Arrays are copied on write, never changed in place, because the receiver may share one resource
/// array between all records of a request.
/// </summary>
public sealed class EnvelopeRedactor
{
    private readonly KeyRules _keys;
    private readonly TextRedactor _text;
    private readonly RedactionHasher? _hasher;
    private readonly AttributeValue _keyMask = AttributeValue.FromString(RedactionRules.KeyMask);

    public EnvelopeRedactor(RedactionRules rules)
    {
        _keys = rules.Keys;
        _hasher = rules.Hasher;
        _text = new TextRedactor(rules.Detectors, rules.Hasher);
    }

    /// <summary>Redacts in place; true when anything was redacted (the envelope then carries its summary).</summary>
    public bool Redact(EventEnvelope envelope, RedactionPass pass)
    {
        if (RedactMap(envelope.Attributes, pass) is { } attributes) envelope.Attributes = attributes;
        if (envelope.Actor is { } actor) envelope.Actor = RedactEntity(actor, "actor.tags", "actor.id", pass);
        if (envelope.Scope is { } scope) envelope.Scope = RedactEntity(scope, "scope.tags", "scope.id", pass);
        envelope.Tags = RedactSection(envelope.Tags, "tags", pass);
        envelope.Resource = RedactSection(envelope.Resource, "resource", pass);
        if (!envelope.Body.IsEmpty) envelope.Body = RedactTopValue(envelope.Body, "body", pass);
        envelope.Message = RedactField(envelope.Message, "message", pass);
        envelope.Title = RedactField(envelope.Title, "title", pass);
        if (envelope.Error is { } error)
        {
            error.Message = RedactField(error.Message, "error.message", pass);
            error.Stack = RedactField(error.Stack, "error.stack", pass);
        }

        if (pass.FinishEnvelope() is not { } summary) return false;
        envelope.Redaction = summary;
        return true;
    }

    /// <summary>Tags are settable; the id is init-only, so an id that held a secret gets a new entity.</summary>
    private EntityRef RedactEntity(EntityRef entity, string tagsSection, string idField, RedactionPass pass)
    {
        entity.Tags = RedactSection(entity.Tags, tagsSection, pass);
        var id = RedactField(entity.Id, idField, pass);
        return ReferenceEquals(id, entity.Id) ? entity : new EntityRef { Type = entity.Type, Id = id, Tags = entity.Tags };
    }

    private KeyValue[] RedactSection(KeyValue[] entries, string section, RedactionPass pass)
    {
        if (entries.Length == 0) return entries;
        pass.Enter(section);
        var result = RedactMap(entries, pass);
        pass.Leave();
        return result ?? entries;
    }

    /// <summary>A top-level text field; null when a detector's action removed it.</summary>
    private string? RedactField(string? text, string field, RedactionPass pass)
    {
        if (text is null || _text.IsEmpty) return text;
        var redacted = _text.Redact(text, pass, out var drop);
        if (drop || !ReferenceEquals(redacted, text)) pass.RecordKey(field);
        return drop ? null : redacted;
    }

    /// <summary>A structured body: redacted like an attribute named <c>body</c>, and emptied when its action drops it.</summary>
    private AttributeValue RedactTopValue(AttributeValue value, string field, RedactionPass pass) =>
        RedactValue(value, field, pass, out var result) switch
        {
            ValueChange.None => value,
            ValueChange.Dropped => AttributeValue.Empty,
            _ => result,
        };

    /// <summary>The redacted copy of <paramref name="entries"/>, or null when nothing in it changed.</summary>
    private KeyValue[]? RedactMap(KeyValue[] entries, RedactionPass pass)
    {
        KeyValue[]? copy = null;
        var written = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            ref readonly var entry = ref entries[i];
            var change = ValueChange.None;
            var value = entry.Value;
            var verdict = _keys.Classify(entry.Key);
            if (verdict is KeyVerdict.Blocked or KeyVerdict.NotAllowed)
            {
                pass.HitKey(verdict);
                pass.RecordKey(entry.Key);
                change = ApplyKeyAction(ref value);
            }
            else if (verdict == KeyVerdict.Inspect)
            {
                change = RedactValue(entry.Value, entry.Key, pass, out value);
            }

            if (change != ValueChange.None && copy is null)
            {
                copy = new KeyValue[entries.Length];
                entries.AsSpan(0, i).CopyTo(copy);
                written = i;
            }

            if (copy is null || change == ValueChange.Dropped) continue;
            copy[written++] = change == ValueChange.None ? entry : new KeyValue(entry.Key, value);
        }

        return copy is null ? null : written == copy.Length ? copy : copy[..written];
    }

    private ValueChange ApplyKeyAction(ref AttributeValue value)
    {
        switch (_keys.Action)
        {
            case RedactionAction.Drop:
                return ValueChange.Dropped;
            case RedactionAction.Hash:
                value = AttributeValue.FromString(_hasher!.Token(value.ToString()));
                return ValueChange.Replaced;
            default:
                value = _keyMask;
                return ValueChange.Replaced;
        }
    }

    /// <summary>Runs the detectors over a value held under <paramref name="key"/> (strings, and arrays and maps at any depth).</summary>
    private ValueChange RedactValue(AttributeValue value, string key, RedactionPass pass, out AttributeValue result)
    {
        result = value;
        switch (value.Kind)
        {
            case AttributeKind.String:
            {
                if (_text.IsEmpty) return ValueChange.None;
                var text = value.AsString;
                var redacted = _text.Redact(text, pass, out var drop);
                if (!drop && ReferenceEquals(redacted, text)) return ValueChange.None;
                pass.RecordKey(key);
                if (drop) return ValueChange.Dropped;
                result = AttributeValue.FromString(redacted);
                return ValueChange.Replaced;
            }

            case AttributeKind.Map:
            {
                pass.Enter(key);
                var map = RedactMap(value.AsMap, pass);
                pass.Leave();
                if (map is null) return ValueChange.None;
                result = AttributeValue.FromMap(map);
                return ValueChange.Replaced;
            }

            case AttributeKind.Array:
            {
                var array = RedactArray(value.AsArray, key, pass);
                if (array is null) return ValueChange.None;
                result = AttributeValue.FromArray(array);
                return ValueChange.Replaced;
            }

            default:
                return ValueChange.None;
        }
    }

    private AttributeValue[]? RedactArray(AttributeValue[] items, string key, RedactionPass pass)
    {
        AttributeValue[]? copy = null;
        var written = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var change = RedactValue(items[i], key, pass, out var value);
            if (change != ValueChange.None && copy is null)
            {
                copy = new AttributeValue[items.Length];
                items.AsSpan(0, i).CopyTo(copy);
                written = i;
            }

            if (copy is null || change == ValueChange.Dropped) continue;
            copy[written++] = value;
        }

        return copy is null ? null : written == copy.Length ? copy : copy[..written];
    }
}
