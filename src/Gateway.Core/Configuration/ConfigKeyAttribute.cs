namespace Gateway.Configuration;

/// <summary>Names the YAML key of an options property when snake_case of its name is not the right key.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigKeyAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}
