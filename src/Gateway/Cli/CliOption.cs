namespace Gateway.Host.Cli;

/// <summary>A <c>--name VALUE</c> option of a command (also written <c>--name=VALUE</c>).</summary>
public sealed record CliOption(string Name, string Value, string Description);
