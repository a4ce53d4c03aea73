using System.Globalization;
using Gateway.Configuration;

namespace Gateway.Benchmarks.Load;

/// <summary>The load command's flags: <c>load [--rate 10000] [--duration 60s] [--protocol grpc|http] [--processors shipped|defaults|none] [--batch 100] [--connections 4] [--queue memory|persistent] [--fsync always|interval|never] [--build native|jit] [--executable path]</c>.</summary>
public sealed class LoadOptions
{
    /// <summary>Records per second to offer; 0 sends flat out.</summary>
    public int Rate { get; init; } = 10_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public string Protocol { get; init; } = "grpc";

    public int Batch { get; init; } = 100;

    public int Connections { get; init; } = 4;

    /// <summary>
    /// The processors block: "shipped" (the repository's gateway.yaml block, verbatim: sampling with its rules and
    /// keep_session_on_error, redaction), "defaults" (<c>sampling: {}</c> and <c>redaction: {}</c>, the documented
    /// defaults) or "none".
    /// </summary>
    public string Processors { get; init; } = "defaults";

    /// <summary>The Elasticsearch exporter's queue type: "memory" (the default) or "persistent" (on disk, in the run's temp directory).</summary>
    public string Queue { get; init; } = "memory";

    /// <summary>With a persistent queue: its fsync policy (always, interval or never).</summary>
    public string Fsync { get; init; } = "always";

    /// <summary>"native" (the shipped build: published with native AOT, the default) or "jit" (this output's gateway.dll on the .NET runtime).</summary>
    public string Build { get; init; } = "native";

    /// <summary>
    /// With the native build: an executable published before (e.g. from another commit) instead of publishing this
    /// checkout, so runs of two builds can alternate back to back without a publish in between.
    /// </summary>
    public string? Executable { get; init; }

    private static readonly HashSet<string> Flags = ["rate", "duration", "warmup", "protocol", "batch", "connections", "processors", "queue", "fsync", "build", "executable"];

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --name value, got '{args[i]}'");
            var name = args[i][2..];
            if (!Flags.Contains(name)) throw new ArgumentException($"unknown flag '{args[i]}'");
            if (i + 1 >= args.Length) throw new ArgumentException($"'{args[i]}' needs a value");
            values[name] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        TimeSpan Time(string name, TimeSpan fallback) =>
            values.TryGetValue(name, out var v) ? DurationParser.TryParse(v, out var t) ? t : throw new ArgumentException($"--{name}: {DurationParser.Expected}") : fallback;

        var options = new LoadOptions
        {
            Rate = Int("rate", 10_000),
            Duration = Time("duration", TimeSpan.FromSeconds(60)),
            Warmup = Time("warmup", TimeSpan.FromSeconds(5)),
            Protocol = values.GetValueOrDefault("protocol", "grpc"),
            Batch = Int("batch", 100),
            Connections = Int("connections", 4),
            Processors = values.GetValueOrDefault("processors", "defaults"),
            Queue = values.GetValueOrDefault("queue", "memory"),
            Fsync = values.GetValueOrDefault("fsync", "always"),
            Build = values.GetValueOrDefault("build", "native"),
            Executable = values.GetValueOrDefault("executable"),
        };
        if (options.Protocol is not ("grpc" or "http")) throw new ArgumentException("--protocol must be grpc or http");
        if (options.Processors is not ("shipped" or "defaults" or "none")) throw new ArgumentException("--processors must be shipped, defaults or none");
        if (options.Queue is not ("memory" or "persistent")) throw new ArgumentException("--queue must be memory or persistent");
        if (options.Build is not ("native" or "jit")) throw new ArgumentException("--build must be native or jit");
        if (options.Executable is { } executable && (options.Build != "native" || !File.Exists(executable))) throw new ArgumentException($"--executable needs --build native and an existing file, got '{executable}'");
        if (options.Fsync is not ("always" or "interval" or "never")) throw new ArgumentException("--fsync must be always, interval or never");
        return options;
    }
}
