namespace Gateway.Host.Cli;

/// <summary>One command of <c>gateway</c>: its name, the options it takes, how many plain arguments, and its help.</summary>
public sealed record CliVerb(string Name, string Synopsis, string Description, IReadOnlyList<CliOption> Options, int MaxArguments = 0, string? ArgumentName = null)
{
    public const string Run = "run";
    public const string Validate = "validate";
    public const string KibanaSetup = "kibana setup";
    public const string Version = "version";
    public const string Help = "help";

    private static readonly CliOption Config = new("config", "FILE", "the configuration file (default ./gateway.yaml, or $GATEWAY_CONFIG)");

    /// <summary>Every command, in the order the usage lists them.</summary>
    public static readonly IReadOnlyList<CliVerb> All =
    [
        new(Run, "gateway [run] [FILE | --config FILE]", "Start the gateway (the default command).", [Config], 1, "FILE"),
        new(Validate, "gateway validate [FILE | --config FILE]", "Check a configuration without starting anything: exit code 0 when valid, 2 with every error and its line otherwise.", [Config], 1, "FILE"),
        new(KibanaSetup, "gateway kibana setup --url URL [--api-key KEY | --username U --password P] [--space S] [--index-pattern P] [--file F]", "Import the data view, saved search and dashboard into Kibana.",
        [
            new("url", "URL", "Kibana's address, e.g. https://kibana.example.com:5601 (required)"),
            new("api-key", "KEY", "an API key (or --username and --password)"),
            new("username", "USER", "basic authentication user"),
            new("password", "PASSWORD", "basic authentication password"),
            new("space", "SPACE", "the Kibana space (default: the default space)"),
            new("index-pattern", "PATTERN", "the data view's index pattern (default logs-gateway-*)"),
            new("file", "FILE", "a saved-objects NDJSON file instead of the shipped one"),
        ]),
        new(Version, "gateway version", "Print the gateway's version.", []),
        new(Help, "gateway help [COMMAND]", "Print the usage, or one command's.", [], 1, "COMMAND"),
    ];

    /// <summary>The first word(s) of each command as typed: "kibana setup" is two.</summary>
    public static IEnumerable<string> Names => All.Select(v => v.Name);

    public static CliVerb? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    public CliOption? FindOption(string name) => Options.FirstOrDefault(o => o.Name == name);

    /// <summary>The help of this command: synopsis, what it does, its options.</summary>
    public string Usage()
    {
        var text = new System.Text.StringBuilder();
        text.Append("Usage: ").AppendLine(Synopsis).AppendLine().AppendLine(Description);
        text.AppendLine().AppendLine("Options:");
        foreach (var option in Options) text.AppendLine($"  {"--" + option.Name + " " + option.Value,-26} {option.Description}");
        text.AppendLine($"  {"-h, --help",-26} this help");
        text.Append($"  {"--version",-26} print the version");

        return text.ToString();
    }
}
