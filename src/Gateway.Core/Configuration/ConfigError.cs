namespace Gateway.Configuration;

/// <summary>One problem in a configuration file, placed at its line so the user can go straight to it.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
