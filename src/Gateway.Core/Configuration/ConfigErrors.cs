using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>Collects configuration errors with their file positions; validation keeps going after the first.</summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public ConfigErrors(string file) => File = file;

    public string File { get; }

    public IReadOnlyList<ConfigError> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(Mark at, string message) => _errors.Add(new ConfigError(File, (int)at.Line, (int)at.Column, message));

    /// <summary>A problem that belongs to no line (e.g. an environment variable the whole file is read with).</summary>
    public void Add(string message) => _errors.Add(new ConfigError(File, 0, 0, message));

    public void Add(YamlNode? at, string message) => Add(at?.Start ?? Mark.Empty, message);

    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new ConfigException(_errors.ToArray());
    }
}
