namespace Gateway.Configuration;

/// <summary>A component's id as written in YAML: <c>type</c> or <c>type/name</c> (e.g. <c>slack/oncall</c>).</summary>
public readonly record struct ComponentId(string Type, string? Name)
{
    public static bool TryParse(string text, out ComponentId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            id = new ComponentId(text, null);
            return IsValidPart(text);
        }

        var type = text[..slash];
        var name = text[(slash + 1)..];
        id = new ComponentId(type, name);
        return IsValidPart(type) && IsValidPart(name);
    }

    public override string ToString() => Name is null ? Type : $"{Type}/{Name}";

    private static bool IsValidPart(string part)
    {
        if (part.Length == 0) return false;
        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-' and not '.') return false;
        }

        return true;
    }
}
