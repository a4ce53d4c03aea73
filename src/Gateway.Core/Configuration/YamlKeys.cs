using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>
/// Keys are words: YAML also allows a list or a block as a key (<c>? [a, b]</c>, <c>[console]: {}</c>), which no part of
/// gateway.yaml means. Checked once after parsing so every binder can read keys as text.
/// </summary>
internal static class YamlKeys
{
    /// <summary>True when every key under <paramref name="node"/> is a scalar; otherwise each offender is an error.</summary>
    public static bool AllScalar(YamlNode node, ConfigErrors errors)
    {
        var ok = true;
        var pending = new Stack<YamlNode>();
        // An alias shares its anchor's node: visit each node once, however often it is referred to.
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        pending.Push(node);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next)) continue;
            switch (next)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (key is not YamlScalarNode)
                        {
                            errors.Add(key, $"a key must be a name, got {YamlBinder.Describe(key)}; write 'name: value' (a leading '[', '{{' or '?' makes YAML read a list or block as the key)");
                            ok = false;
                        }

                        pending.Push(value);
                    }

                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children) pending.Push(item);
                    break;
            }
        }

        return ok;
    }
}
