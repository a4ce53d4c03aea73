using System.Runtime.CompilerServices;

namespace Gateway.Tests.Sentry;

/// <summary>Real stack texts, read from the source tree so the fixtures stay plain files next to the tests.</summary>
internal static class Fixture
{
    public static string Stack(string name, [CallerFilePath] string callerPath = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(callerPath)!, "Fixtures", name));
}
