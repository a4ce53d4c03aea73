using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>Lets an options object report errors at the line of one of its keys (or of its own block).</summary>
public sealed class OptionsValidationContext
{
    private readonly ConfigErrors _errors;
    private readonly YamlMappingNode? _node;

    internal OptionsValidationContext(ConfigErrors errors, YamlMappingNode? node, string path)
    {
        _errors = errors;
        _node = node;
        Path = path;
    }

    /// <summary>Where the options sit in the file, e.g. "exporters.file/archive".</summary>
    public string Path { get; }

    public ConfigErrors Errors => _errors;

    /// <summary>Reports an error at the given key's value (or at the block when the key was not written).</summary>
    public void Error(string key, string message) => _errors.Add(MarkOf(key), $"{Path}.{key}: {message}");

    public void Error(string message) => _errors.Add(_node?.Start ?? Mark.Empty, $"{Path}: {message}");

    public YamlNode? NodeOf(string key)
    {
        if (_node is null) return null;
        foreach (var entry in _node.Children)
        {
            if (entry.Key is YamlScalarNode scalar && scalar.Value == key) return entry.Value;
        }

        return null;
    }

    private Mark MarkOf(string key) => NodeOf(key)?.Start ?? _node?.Start ?? Mark.Empty;
}
