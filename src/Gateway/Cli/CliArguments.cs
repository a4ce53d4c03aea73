namespace Gateway.Host.Cli;

/// <summary>The command line: a verb (run, validate, help), <c>--config FILE</c> and verb-specific flags.</summary>
public sealed class CliArguments
{
    public string Verb { get; private init; } = "run";

    public string ConfigPath { get; private init; } = "gateway.yaml";

    public Dictionary<string, string> Flags { get; } = new(StringComparer.Ordinal);

    public List<string> Words { get; } = [];

    public static bool TryParse(string[] args, out CliArguments parsed, out string? error)
    {
        error = null;
        var verb = "run";
        var config = Environment.GetEnvironmentVariable("GATEWAY_CONFIG") is { Length: > 0 } fromEnvironment ? fromEnvironment : "gateway.yaml";
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var words = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") { verb = "help"; continue; }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg[2..];
                var equals = name.IndexOf('=', StringComparison.Ordinal);
                string value;
                if (equals >= 0) { value = name[(equals + 1)..]; name = name[..equals]; }
                else if (i + 1 < args.Length) value = args[++i];
                else
                {
                    parsed = new CliArguments();
                    error = $"--{name} needs a value, e.g. --{name} gateway.yaml";
                    return false;
                }

                if (name == "config") config = value;
                else flags[name] = value;
                continue;
            }

            if (words.Count == 0 && verb == "run" && i == 0) verb = arg;
            else words.Add(arg);
        }

        parsed = new CliArguments { Verb = verb, ConfigPath = config };
        foreach (var (k, v) in flags) parsed.Flags[k] = v;
        parsed.Words.AddRange(words);
        return true;
    }
}
