using Gateway.Host.Cli;

namespace Gateway.Tests.Cli;

/// <summary>
/// The command line is strict, as dotnet's and otelcol's are: a typo is an error with usage and a "did you mean"
/// (exit code 2), never ignored (a mistyped --confg must not validate or start on ./gateway.yaml).
/// </summary>
public sealed class StrictCommandLineTests : IDisposable
{
    private readonly CommandLineRun _files = new("gateway-cli-");

    [Fact]
    public async Task ValidateTakesTheFileAsItsArgument()
    {
        var path = Write("broken.yaml", "exporters: {}\n");

        var (code, output, error) = await RunAsync("validate", path);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"{path}:1:1: no exporters are defined", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateWithAGoodFileAsItsArgumentIsOk()
    {
        var path = Write("good.yaml", "exporters:\n  console: {}\n");

        var (code, output, _) = await RunAsync("validate", path);

        Assert.Equal(0, code);
        Assert.StartsWith($"{path}: ok", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate", "--confg", "x.yaml")]
    [InlineData("run", "--confg", "x.yaml")]
    [InlineData("--confg", "x.yaml")]
    public async Task AMistypedOptionIsAnErrorWithDidYouMeanNotTheDefaultConfig(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("unknown option '--confg'", error, StringComparison.Ordinal);
        Assert.Contains("(did you mean '--config'?)", error, StringComparison.Ordinal);
        Assert.Contains("Usage: gateway", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unexpected argument 'b.yaml'", "validate", "a.yaml", "b.yaml")]
    [InlineData("the configuration is given twice", "validate", "a.yaml", "--config", "b.yaml")]
    [InlineData("--config is given twice", "run", "--config", "a.yaml", "--config", "b.yaml")]
    [InlineData("--config needs a value", "validate", "--config")]
    [InlineData("--config needs a value", "run", "--config", "--help")]
    [InlineData("'gateway version' takes no arguments", "version", "now")]
    [InlineData("unknown option '-c'", "run", "-c", "a.yaml")]
    [InlineData("unknown command 'valdate' (did you mean 'validate'?)", "valdate", "a.yaml")]
    [InlineData("unknown command 'a.yaml' (to run with that file: gateway run a.yaml)", "a.yaml")]
    [InlineData("unknown command 'kibana stup' (did you mean 'setup'?)", "kibana", "stup")]
    [InlineData("'gateway kibana' needs a subcommand", "kibana")]
    [InlineData("'gateway kibana setup' takes no arguments, got 'now'", "kibana", "setup", "now")]
    [InlineData("unknown option '--config' for 'gateway kibana setup'", "kibana", "setup", "--config", "a.yaml")]
    public async Task ExtraWordsAndBadOptionsAreErrorsThatSayWhatIsWrong(string expected, params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public async Task VersionPrintsTheVersionWithoutAskingForAValue(string arg)
    {
        var (code, output, error) = await RunAsync(arg);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches(@"^gateway \d+\.\d+\.\d+\S*\s*$", output);
    }

    [Theory]
    [InlineData("Usage: gateway [run] [FILE | --config FILE]", "run", "--help")]
    [InlineData("Usage: gateway validate [FILE | --config FILE]", "validate", "--help")]
    [InlineData("Usage: gateway validate [FILE | --config FILE]", "validate", "-h")]
    [InlineData("Usage: gateway validate [FILE | --config FILE]", "help", "validate")]
    [InlineData("Usage: gateway kibana setup --url URL", "kibana", "setup", "--help")]
    [InlineData("Usage: gateway kibana setup --url URL", "help", "kibana")]
    [InlineData("Usage: gateway [COMMAND] [OPTIONS]", "--help")]
    [InlineData("Usage: gateway [COMMAND] [OPTIONS]", "help")]
    public async Task HelpPrintsTheUsageOfTheCommandAsked(string expected, params string[] args)
    {
        var (code, output, _) = await RunAsync(args);

        Assert.Equal(0, code);
        Assert.StartsWith(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandsHelpListsItsOptions()
    {
        var (_, output, _) = await RunAsync("kibana", "setup", "--help");

        foreach (var option in new[] { "--url", "--api-key", "--username", "--password", "--space", "--index-pattern", "--file", "--help", "--version" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GatewayConfigStillNamesTheDefaultFile()
    {
        var path = Write("from-env.yaml", "exporters:\n  console: {}\n");
        using var output = new StringWriter();

        var code = await GatewayCli.RunAsync(["validate"], output, new StringWriter(), name => name == "GATEWAY_CONFIG" ? path : null);

        Assert.Equal(0, code);
        Assert.StartsWith($"{path}: ok", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionsAlsoTakeTheirValueAfterAnEqualsSign()
    {
        var path = Write("equals.yaml", "exporters:\n  console: {}\n");

        var (code, output, _) = await RunAsync("validate", $"--config={path}");

        Assert.Equal(0, code);
        Assert.StartsWith($"{path}: ok", output, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private string Write(string name, string yaml) => _files.Write(name, yaml);

    private static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CommandLineRun.RunAsync(args);
}
