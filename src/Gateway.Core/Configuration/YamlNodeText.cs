using System.Text;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>
/// A canonical text of a YAML block (values, keys and nesting; not comments, quoting or layout), so a reload can
/// tell an exporter whose configuration did not change and keep its running lane.
/// </summary>
public static class YamlNodeText
{
    public static string Of(YamlNode node)
    {
        var text = new StringBuilder();
        Append(node, text);
        return text.ToString();
    }

    private static void Append(YamlNode node, StringBuilder text)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                text.Append('"').Append(scalar.Value?.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (var item in sequence.Children)
                {
                    Append(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case YamlMappingNode mapping:
                text.Append('{');
                foreach (var (key, value) in mapping.Children)
                {
                    Append(key, text);
                    text.Append(':');
                    Append(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            default:
                text.Append(node.GetType().Name);
                break;
        }
    }
}
