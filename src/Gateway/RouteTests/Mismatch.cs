namespace Gateway.Host.RouteTests;

/// <summary>One expectation that did not hold: what was checked, what the test said, what happened.</summary>
internal sealed record Mismatch(string What, string Expected, string Actual);
