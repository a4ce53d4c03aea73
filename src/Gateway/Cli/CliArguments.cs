using Gateway.Configuration;

namespace Gateway.Host.Cli;

/// <summary>
/// The command line, read strictly as <c>dotnet</c> and <c>otelcol</c> do: a command (run when none is given), its
/// options from <see cref="CliVerb"/>'s table, at most its plain arguments. Anything else is an error that says what
/// was meant, rather than being ignored (a mistyped <c>--confg</c> must not start the gateway on the default file).
/// </summary>
public sealed class CliArguments
{
    public const string DefaultConfigPath = "gateway.yaml";

    private readonly HashSet<string> _given = new(StringComparer.Ordinal);

    private CliArguments(CliVerb verb) => Verb = verb;

    public CliVerb Verb { get; }

    /// <summary>The configuration file: the plain argument, else <c>--config</c>, else $GATEWAY_CONFIG, else ./gateway.yaml.</summary>
    public string ConfigPath { get; private set; } = DefaultConfigPath;

    /// <summary><c>--config</c> was written (a tests file's own <c>config:</c> applies only when it was not).</summary>
    public bool ConfigGiven { get; private set; }

    /// <summary>The command was typed (not run by default): <c>gateway --help</c> is the help of every command.</summary>
    public bool VerbGiven { get; private set; }

    /// <summary><c>--help</c> or <c>-h</c> was given: print the command's usage and do nothing else.</summary>
    public bool HelpRequested { get; private set; }

    /// <summary><c>--version</c> was given.</summary>
    public bool VersionRequested { get; private set; }

    /// <summary>Option values by name without the dashes (e.g. "url").</summary>
    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);

    /// <summary>The plain arguments after the command (the config file of run and validate, the command of help).</summary>
    public List<string> Arguments { get; } = [];

    /// <param name="error">What is wrong, with a "did you mean" where a near name exists; the usage of <paramref name="parsed"/>'s verb follows it.</param>
    public static bool TryParse(string[] args, Func<string, string?> environment, out CliArguments parsed, out string? error)
    {
        error = null;
        var position = 0;
        parsed = new CliArguments(ReadVerb(args, ref position, ref error)) { VerbGiven = position > 0 };
        if (error is not null) return false;

        var configOption = (string?)null;
        for (; position < args.Length; position++)
        {
            var arg = args[position];
            if (arg is "-h" or "--help") { parsed.HelpRequested = true; continue; }
            if (arg == "--version") { parsed.VersionRequested = true; continue; }
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                if (!parsed.ReadOption(args, ref position, out var name, out var value, ref error)) return false;
                if (name == "config") configOption = value;
                else parsed.Options[name] = value;
                continue;
            }

            if (parsed.Arguments.Count >= parsed.Verb.MaxArguments)
            {
                error = parsed.Verb.MaxArguments == 0
                    ? $"'gateway {parsed.Verb.Name}' takes no arguments, got '{arg}'"
                    : $"unexpected argument '{arg}': 'gateway {parsed.Verb.Name}' takes one {parsed.Verb.ArgumentName}, already given '{parsed.Arguments[0]}'";
                return false;
            }

            parsed.Arguments.Add(arg);
        }

        parsed.ConfigGiven = configOption is not null;
        if (parsed.Verb.FindOption("config") is not null && !parsed.Verb.ArgumentIsConfig)
        {
            parsed.ConfigPath = configOption ?? (environment("GATEWAY_CONFIG") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultConfigPath);
        }
        else if (parsed.Verb.FindOption("config") is not null)
        {
            if (configOption is not null && parsed.Arguments.Count > 0)
            {
                error = $"the configuration is given twice ('{parsed.Arguments[0]}' and --config {configOption}); give one";
                return false;
            }

            parsed.ConfigPath = parsed.Arguments.Count > 0 ? parsed.Arguments[0]
                : configOption ?? (environment("GATEWAY_CONFIG") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultConfigPath);
        }

        return true;
    }

    /// <summary>The command at the start of <paramref name="args"/>: run when the first word is an option or there is none.</summary>
    private static CliVerb ReadVerb(string[] args, ref int position, ref string? error)
    {
        var run = CliVerb.Find(CliVerb.Run)!;
        if (args.Length == 0 || args[0].StartsWith('-')) return run;
        var word = args[0];
        position = 1;
        if (word == "kibana")
        {
            if (args.Length > 1 && args[1] == "setup")
            {
                position = 2;
                return CliVerb.Find(CliVerb.KibanaSetup)!;
            }

            error = args.Length > 1 && !args[1].StartsWith('-')
                ? $"unknown command 'kibana {args[1]}'{YamlBinder.Suggest(args[1], ["setup"])}; the kibana command is 'gateway kibana setup'"
                : "'gateway kibana' needs a subcommand: gateway kibana setup --url URL";
            return CliVerb.Find(CliVerb.KibanaSetup)!;
        }

        if (CliVerb.Find(word) is { } verb) return verb;
        var hint = word.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || word.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? $" (to run with that file: gateway run {word})"
            : YamlBinder.Suggest(word, CliVerb.Names);
        error = $"unknown command '{word}'{hint}; the commands are {string.Join(", ", CliVerb.Names)}";
        return run;
    }

    private bool ReadOption(string[] args, ref int position, out string name, out string value, ref string? error)
    {
        var arg = args[position];
        value = string.Empty;
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        name = (equals >= 0 ? arg[..equals] : arg).TrimStart('-');
        var option = arg.StartsWith("--", StringComparison.Ordinal) ? Verb.FindOption(name) : null;
        if (option is null)
        {
            var known = Verb.Options.Select(o => "--" + o.Name).Concat(["--help", "--version"]).ToArray();
            error = $"unknown option '{(equals >= 0 ? arg[..equals] : arg)}' for 'gateway {Verb.Name}'{YamlBinder.Suggest("--" + name, known)}; its options are {string.Join(", ", known)}";
            return false;
        }

        if (!_given.Add(name))
        {
            error = $"--{name} is given twice; give it once";
            return false;
        }

        if (equals >= 0) value = arg[(equals + 1)..];
        else if (position + 1 < args.Length && !args[position + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++position];
        if (value.Length == 0)
        {
            error = $"--{name} needs a value: --{name} {option.Value}";
            return false;
        }

        return true;
    }
}
