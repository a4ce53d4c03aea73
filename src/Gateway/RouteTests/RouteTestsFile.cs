using Gateway.Configuration;

namespace Gateway.Host.RouteTests;

/// <summary>
/// A tests file for <c>gateway test</c>: the configuration it tests, the variables that configuration reads, and the
/// tests. Bound with the same binder as gateway.yaml, so every mistake comes with its line.
/// </summary>
public sealed class RouteTestsFile : IValidatableOptions
{
    /// <summary>The configuration under test, relative to the tests file; <c>--config</c> overrides it.</summary>
    public string? Config { get; set; }

    /// <summary>
    /// Values for the configuration's <c>${env:...}</c> variables (a DSN, a webhook URL), so the tests run in CI without
    /// secrets; they win over the process environment, so a test means the same on every machine.
    /// </summary>
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sampling seed of every test that does not give its own; unset keeps the configuration's seed.</summary>
    public long? Seed { get; set; }

    public List<RouteTestCase> Tests { get; set; } = [];

    public void Validate(OptionsValidationContext context)
    {
        if (Tests.Count == 0) context.Error("tests", "no tests: write tests: with at least one entry (- name: ..., events: [ { record: {...} } ], expect: {...})");
    }
}
