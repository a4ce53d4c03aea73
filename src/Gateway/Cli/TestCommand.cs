using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Host.RouteTests;

namespace Gateway.Host.Cli;

/// <summary>
/// <c>gateway test [--config FILE] TESTS</c> runs route tests (exit 0 all pass, 1 a test failed, 2 a bad configuration
/// or tests file); <c>gateway test [--config FILE] --event JSON</c> prints one event's journey.
/// </summary>
public static class TestCommand
{
    public static async Task<int> RunAsync(CliArguments parsed, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        var eventJson = parsed.Options.GetValueOrDefault("event");
        var testsPath = parsed.Arguments.Count > 0 ? parsed.Arguments[0] : null;
        if ((eventJson is null) == (testsPath is null))
        {
            await error.WriteLineAsync(eventJson is null
                ? "gateway: 'gateway test' needs a tests file (gateway test --config gateway.yaml tests.yaml) or one event (--event '{\"eventName\":\"payment.failed\",\"severityNumber\":17}')"
                : $"gateway: give a tests file or --event, not both (got '{testsPath}' and --event)").ConfigureAwait(false);
            await error.WriteLineAsync($"Usage: {parsed.Verb.Synopsis}").ConfigureAwait(false);
            return GatewayCli.UsageOrConfigError;
        }

        RouteTestsFile? tests = null;
        var configPath = parsed.ConfigPath;
        try
        {
            if (testsPath is not null)
            {
                tests = RouteTestRunner.Load(testsPath);
                if (!parsed.ConfigGiven && tests.Config is { } relative) configPath = Path.Combine(Path.GetDirectoryName(testsPath) ?? ".", relative);
            }

            var variables = tests?.Env ?? [];
            var catalog = GatewayCatalog.Create();
            var config = new GatewayConfigLoader(catalog, name => variables.TryGetValue(name, out var value) ? value : environment(name)).LoadFile(configPath);
            var runner = new RouteTestRunner(config, catalog);
            return tests is null
                ? await PrintJourneyAsync(runner, eventJson!, output, error).ConfigureAwait(false)
                : await RunTestsAsync(runner, tests, testsPath!, configPath, output).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return GatewayCli.UsageOrConfigError;
        }
    }

    private static async Task<int> RunTestsAsync(RouteTestRunner runner, RouteTestsFile tests, string testsPath, string configPath, TextWriter output)
    {
        await output.WriteLineAsync($"gateway test: {testsPath} against {configPath}").ConfigureAwait(false);
        var failed = 0;
        foreach (var test in tests.Tests)
        {
            var result = runner.Run(test, tests.Seed);
            if (!result.Passed) failed++;
            await RouteTestReport.WriteAsync(output, result, testsPath).ConfigureAwait(false);
        }

        await output.WriteLineAsync(failed == 0
            ? $"all {tests.Tests.Count} route test(s) passed"
            : $"{tests.Tests.Count - failed} of {tests.Tests.Count} route test(s) passed, {failed} failed").ConfigureAwait(false);
        return failed == 0 ? GatewayCli.Ok : GatewayCli.RuntimeFailure;
    }

    private static async Task<int> PrintJourneyAsync(RouteTestRunner runner, string eventJson, TextWriter output, TextWriter error)
    {
        try
        {
            foreach (var journey in runner.Journey(eventJson)) await RouteTestReport.WriteJourneyAsync(output, journey).ConfigureAwait(false);
            return GatewayCli.Ok;
        }
        catch (RouteTestException e)
        {
            await error.WriteLineAsync($"gateway: {e.Message}").ConfigureAwait(false);
            return GatewayCli.UsageOrConfigError;
        }
    }
}
