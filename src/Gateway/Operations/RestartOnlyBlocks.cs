using Gateway.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.Operations;

/// <summary>
/// The top-level blocks a reload cannot apply (the listeners, the envelope mapping and the service settings are fixed
/// at start), kept as canonical text so a reload can warn that one of them changed.
/// </summary>
internal sealed class RestartOnlyBlocks
{
    public static readonly string[] Sections = ["receivers", "envelope", "service"];

    private readonly Dictionary<string, string> _blocks = new(StringComparer.Ordinal);

    private RestartOnlyBlocks()
    {
    }

    public static RestartOnlyBlocks Of(string? yaml)
    {
        var blocks = new RestartOnlyBlocks();
        if (yaml is null) return blocks;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return blocks;
            foreach (var section in Sections)
            {
                if (root.Children.TryGetValue(new YamlScalarNode(section), out var node)) blocks._blocks[section] = YamlNodeText.Of(node);
            }
        }
        catch (YamlException)
        {
            // The loader has already accepted this text; an unreadable file only means no comparison.
        }

        return blocks;
    }

    /// <summary>The sections whose content differs between the two.</summary>
    public IEnumerable<string> ChangedFrom(RestartOnlyBlocks before)
    {
        foreach (var section in Sections)
        {
            if (_blocks.GetValueOrDefault(section) != before._blocks.GetValueOrDefault(section)) yield return section;
        }
    }
}
