using Sentry;

namespace Gateway.Exporters.Sentry.StackTraces;

/// <summary>
/// Marks frames as the app's own code, which Sentry highlights and groups by. As in Sentry's SDKs, a frame matching a
/// configured prefix is in app; otherwise frames of each runtime's standard and installed libraries are not, the rest are.
/// </summary>
public sealed class InAppRules
{
    private static readonly string[] DotNetLibraries = ["System.", "Microsoft.", "Grpc.", "Polly.", "Npgsql.", "Newtonsoft.", "Serilog.", "OpenTelemetry."];
    private static readonly string[] JvmLibraries = ["java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.", "scala.", "org.springframework.", "org.apache.", "org.hibernate.", "io.netty.", "reactor.", "io.micrometer."];

    private readonly string[] _include;

    public InAppRules(IReadOnlyList<string> include) => _include = [.. include];

    public void Apply(List<SentryStackFrame> frames, string platform)
    {
        foreach (var frame in frames) frame.InApp = IsInApp(frame, platform);
    }

    private bool IsInApp(SentryStackFrame frame, string platform)
    {
        foreach (var prefix in _include)
        {
            if (StartsWith(frame.Module, prefix) || StartsWith(frame.AbsolutePath, prefix) || StartsWith(frame.FileName, prefix)) return true;
        }

        return platform switch
        {
            "csharp" => !StartsWithAny(frame.Module, DotNetLibraries),
            "java" => !StartsWithAny(frame.Module, JvmLibraries),
            "javascript" => IsJavaScriptAppPath(frame.AbsolutePath ?? frame.FileName),
            "python" => frame.Module is null,
            "go" => IsGoAppFrame(frame),
            _ => true,
        };
    }

    private static bool IsJavaScriptAppPath(string? path) =>
        path is not null
        && path.Contains(':', StringComparison.Ordinal) | path.StartsWith('/') | path.StartsWith('.')
        && !path.Contains("/node_modules/", StringComparison.Ordinal)
        && !path.StartsWith("node:", StringComparison.Ordinal)
        && !path.StartsWith("internal/", StringComparison.Ordinal);

    /// <summary>Standard library packages have no dot in their first path element ("net/http"); module-cache and vendored code is not the app's.</summary>
    private static bool IsGoAppFrame(SentryStackFrame frame)
    {
        if (frame.AbsolutePath is { } path && (path.Contains("/pkg/mod/", StringComparison.Ordinal) || path.Contains("/vendor/", StringComparison.Ordinal) || path.Contains("/go/src/", StringComparison.Ordinal))) return false;
        var module = frame.Module;
        if (module is null || module == "main") return true;
        var slash = module.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? module : module[..slash];
        return first.Contains('.', StringComparison.Ordinal);
    }

    private static bool StartsWithAny(string? text, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (StartsWith(text, prefix)) return true;
        }

        return false;
    }

    private static bool StartsWith(string? text, string prefix) => text is not null && text.StartsWith(prefix, StringComparison.Ordinal);
}
