namespace Gateway.Tests.Sentry;

/// <summary>The Sentry exporter asks the container for nothing; an empty provider proves it.</summary>
internal sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
