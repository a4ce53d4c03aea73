namespace Gateway.Host.RouteTests;

/// <summary>An input a test cannot run with (not OTLP/JSON the receiver accepts); reported as the test's failure.</summary>
public sealed class RouteTestException(string message) : Exception(message);
