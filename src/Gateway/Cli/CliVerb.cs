namespace Gateway.Host.Cli;

/// <summary>One command of <c>gateway</c>: its name, the options it takes, how many plain arguments, and its help.</summary>
public sealed record CliVerb(string Name, string Synopsis, string Description, IReadOnlyList<CliOption> Options, int MaxArguments = 0, string? ArgumentName = null)
{
    public const string Run = "run";
    public const string Validate = "validate";
    public const string Test = "test";
    public const string Tap = "tap";
    public const string KibanaSetup = "kibana setup";
    public const string Version = "version";
    public const string Help = "help";

    private static readonly CliOption Config = new("config", "FILE", "the configuration file (default ./gateway.yaml, or $GATEWAY_CONFIG)");

    /// <summary>The plain argument is the configuration file (run, validate); false where it is something else (test's tests file).</summary>
    public bool ArgumentIsConfig { get; init; } = true;

    /// <summary>Every command, in the order the usage lists them.</summary>
    public static readonly IReadOnlyList<CliVerb> All =
    [
        new(Run, "gateway [run] [FILE | --config FILE]", "Start the gateway (the default command).", [Config], 1, "FILE"),
        new(Validate, "gateway validate [FILE | --config FILE]", "Check a configuration without starting anything: exit code 0 when valid, 2 with every error and its line otherwise.", [Config], 1, "FILE"),
        new(Test, "gateway test [--config FILE] TESTS | --event JSON", "Run route tests: send each test's events through the configuration's processors and routes (nothing is contacted) and compare what happens with its expectations. Exit code 0 when all pass, 1 when one fails (with a diff), 2 for a bad configuration or tests file. With --event, print one event's journey instead.",
        [
            Config with { Description = "the configuration under test (default: the tests file's config:, else ./gateway.yaml or $GATEWAY_CONFIG)" },
            new("event", "JSON", "one event whose journey to print: as POST /v1/events takes it ({\"name\": ...}) or an OTLP/JSON log record (resource and scope as plain maps beside its fields)"),
        ], 1, "TESTS") { ArgumentIsConfig = false },
        new(Tap, "gateway tap [--at received|processed|EXPORTER] [--where CONDITION] [--limit N] [--format json|text] [--endpoint HOST:PORT] [--api-key KEY]", "Stream the events a running gateway sees, live, as NDJSON (or console lines with --format text), from its telemetry endpoint. Stops after --limit events or on Ctrl-C.",
        [
            new("at", "POINT", "where to watch: processed (after sampling and redaction, the default), received (before them: needs service.telemetry.tap.allow_unredacted: true), or an exporter id such as elasticsearch"),
            new("where", "CONDITION", "only events matching a route condition, e.g. --where '{level: \">=warn\", service: checkout}'"),
            new("limit", "N", "stop after N events"),
            new("format", "FORMAT", "json (one envelope per line, the default) or text (the console exporter's line)"),
            new("endpoint", "HOST:PORT", "the gateway's telemetry endpoint (default localhost:8888)"),
            new("api-key", "KEY", "the tap's API key when service.telemetry.tap.api_key is set (default $GATEWAY_TAP_API_KEY)"),
        ]) { ArgumentIsConfig = false },
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
