namespace Gateway.Host.Operations;

/// <summary>The body of <c>/healthz</c>: the process is up and serving HTTP.</summary>
internal sealed record HealthAnswer(string Status);
