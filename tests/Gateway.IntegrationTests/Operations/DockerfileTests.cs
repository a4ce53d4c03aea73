using System.Text.Json;
using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Otlp.Receivers;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Operations;

/// <summary>
/// No Docker engine runs where these tests run, so the Dockerfile is checked for what can be checked without one:
/// the build stage's publish command works on exactly the files the stage copies and its native executable (the
/// build that ships) validates every shipped config, receives OTLP and writes events; the image runs that
/// executable with the config file the image ships, exposes the ports that config listens on, runs as a non-root
/// user and carries no .NET runtime (runtime-deps only).
/// </summary>
[Collection(NativeBuildCollection.Name)]
public sealed class DockerfileTests
{
    private static readonly string RepositoryRoot = RepositoryFiles.Root;

    private static readonly IReadOnlyList<DockerfileInstruction> Instructions = Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "Dockerfile")));

    [Fact]
    public async Task TheBuildStagePublishCommandBuildsANativeGatewayThatReceivesAndWritesEvents()
    {
        var context = Directory.CreateTempSubdirectory("gateway-docker-context-");
        var output = Path.Combine(context.FullName, "out");
        try
        {
            var workdir = CopyBuildStageFiles(context.FullName);
            var publish = Assert.Single(Instructions, i => i.Stage == 0 && i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
            var arguments = publish.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            var o = arguments.IndexOf("-o");
            Assert.True(o > 0, "the publish command names its output folder with -o");
            Assert.Equal(AppDirectory(), arguments[o + 1]);
            arguments[o + 1] = output;

            var (exitCode, log) = await ChildProcess.RunAsync(ChildProcess.Dotnet, workdir, [.. arguments, "-nologo"], TimeSpan.FromMinutes(8));

            Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{log}");
            var executable = Path.Combine(output, Path.GetFileName(EntrypointExecutable()));
            Assert.True(File.Exists(executable), $"{EntrypointExecutable()} is not in the published output");
            Assert.False(File.Exists(Path.Combine(output, "gateway.dll")), "the publish is meant to be native (AOT): a gateway.dll means it is not");

            // Trimming removes what nothing references, so the native build is run for real: every shipped config binds...
            foreach (var config in ShippedConfigs.RelativePaths())
            {
                var environment = ShippedConfigs.PlausibleEnvironmentFor(File.ReadAllText(RepositoryFiles.PathOf(config)));
                var (validateExit, validateLog) = await ChildProcess.RunAsync(executable, RepositoryRoot, ["validate", "--config", config], TimeSpan.FromMinutes(1), environment);
                Assert.True(validateExit == 0, $"the native gateway refused {config}:\n{validateLog}");
            }

            // ...and one record travels OTLP/HTTP (JSON) -> processors -> file exporter.
            await SendsOneRecordThroughAsync(executable, context.FullName);
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheEntrypointRunsThePublishedGatewayWithTheConfigTheImageShips()
    {
        var entrypoint = JsonSerializer.Deserialize<string[]>(Single("ENTRYPOINT", stage: 1).Arguments)!;
        Assert.Equal("./gateway", entrypoint[0]);
        Assert.Equal("run", entrypoint[1]);
        var configPath = entrypoint[Array.IndexOf(entrypoint, "--config") + 1];
        Assert.Contains(Instructions, i => i.Stage == 1 && i.Keyword == "COPY" && i.Arguments == $"gateway.yaml {configPath}");
        Assert.Equal(AppDirectory(), Single("WORKDIR", stage: 1).Arguments);
        Assert.Contains(Instructions, i => i.Stage == 1 && i.Keyword == "COPY" && i.Arguments == $"--from=build {AppDirectory()}/gateway {EntrypointExecutable()}");
    }

    [Fact]
    public void ExposedPortsAreTheShippedConfigsReceiverAndTelemetryPorts()
    {
        var config = new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).LoadFile(Path.Combine(RepositoryRoot, "gateway.yaml"));
        var otlp = config.FindReceiver<OtlpReceiverOptions>("otlp")!;
        var expected = new SortedSet<int>();
        if (otlp.Grpc is { } grpc) expected.Add(PortOf(OtlpReceiverOptions.EndpointOf(grpc, OtlpReceiverOptions.DefaultGrpcEndpoint)));
        if (otlp.Http is { } http) expected.Add(PortOf(OtlpReceiverOptions.EndpointOf(http, OtlpReceiverOptions.DefaultHttpEndpoint)));
        if (config.Service.Telemetry.Enabled) expected.Add(PortOf(config.Service.Telemetry.Endpoint));

        var exposed = new SortedSet<int>(Single("EXPOSE", stage: 1).Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));

        Assert.Equal(expected, exposed);
    }

    [Fact]
    public void TheImageRunsAsTheNonRootUserWithoutADotnetRuntime()
    {
        var stages = Instructions.Where(i => i.Keyword == "FROM").ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("/dotnet/sdk:", stages[0].Arguments, StringComparison.Ordinal);
        Assert.EndsWith(" AS build", stages[0].Arguments, StringComparison.Ordinal);
        Assert.Contains("/dotnet/runtime-deps:", stages[1].Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("sdk", stages[1].Arguments, StringComparison.Ordinal);

        // The .NET images define APP_UID (1654), a user without root rights.
        var user = Single("USER", stage: 1).Arguments;
        Assert.True(user is "$APP_UID" or "${APP_UID}" || (int.TryParse(user, out var uid) && uid > 0), $"USER {user} is not a non-root user");
        var last = Instructions.Last(i => i.Stage == 1 && i.Keyword is "USER" or "ENTRYPOINT" or "CMD");
        Assert.Equal("ENTRYPOINT", last.Keyword);
    }

    private static DockerfileInstruction Single(string keyword, int stage) => Assert.Single(Instructions, i => i.Stage == stage && i.Keyword == keyword);

    private static string AppDirectory() => Single("WORKDIR", stage: 1).Arguments;

    private static string EntrypointExecutable() => JsonSerializer.Deserialize<string[]>(Single("ENTRYPOINT", stage: 1).Arguments)![0];

    private static async Task SendsOneRecordThroughAsync(string executable, string directory)
    {
        var events = Path.Combine(directory, "events.ndjson");
        var config = Path.Combine(directory, "native.yaml");
        await File.WriteAllTextAsync(config, $$"""
            receivers:
              otlp:
                protocols:
                  http: { endpoint: 127.0.0.1:0 }
            processors:
              redaction: {}
            service:
              telemetry: { endpoint: 127.0.0.1:0 }
            exporters:
              file: { path: "{{events}}" }
            routes:
              - name: everything
                exporters: [file]
            """);
        using var gateway = await GatewayProcess.StartAsync(config, nativeExecutable: executable);
        using var http = new HttpClient();
        const string Body = """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1700000000000000000","severityNumber":17,"eventName":"payment.failed","body":{"stringValue":"card declined for ann@example.com"}}]}]}]}""";
        using var response = await http.PostAsync(gateway.LogsEndpoint, new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

        await Eventually.TrueAsync(() => File.Exists(events) && new FileInfo(events).Length > 0, "the native gateway wrote the event to its file");
        var line = File.ReadLines(events).First();
        using var written = JsonDocument.Parse(line);
        Assert.Equal("payment.failed", written.RootElement.GetProperty("name").GetString());
        Assert.Equal("checkout", written.RootElement.GetProperty("service").GetString());
        Assert.Equal("error", written.RootElement.GetProperty("level").GetString());
        Assert.DoesNotContain("ann@example.com", line, StringComparison.Ordinal);
    }

    private static int PortOf(string endpoint) => int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..]);

    /// <summary>Recreates what the build stage sees: its COPY sources from the repository, without what .dockerignore leaves out.</summary>
    private static string CopyBuildStageFiles(string context)
    {
        var workdir = context;
        foreach (var instruction in Instructions.Where(i => i.Stage == 0))
        {
            if (instruction.Keyword == "WORKDIR")
            {
                workdir = Path.Combine(context, "root", instruction.Arguments.TrimStart('/'));
                Directory.CreateDirectory(workdir);
            }

            if (instruction.Keyword != "COPY") continue;
            var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var destination = Path.GetFullPath(Path.Combine(workdir, parts[^1]));
            foreach (var source in parts[..^1])
            {
                // As COPY does: a folder's contents land in the destination, files land in it by name.
                var from = Path.Combine(RepositoryRoot, source);
                if (Directory.Exists(from))
                {
                    CopyTree(from, destination);
                    continue;
                }

                Directory.CreateDirectory(destination);
                File.Copy(from, Path.Combine(destination, Path.GetFileName(source)));
            }
        }

        return workdir;
    }

    /// <summary>Copies a folder without the bin/ and obj/ folders .dockerignore keeps out of the build context.</summary>
    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj") continue;
            CopyTree(directory, Path.Combine(to, name));
        }
    }

    /// <summary>Instructions by stage (0 = the first FROM), continuation lines joined, ARG defaults substituted.</summary>
    private static List<DockerfileInstruction> Parse(string dockerfile)
    {
        var instructions = new List<DockerfileInstruction>();
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var stage = -1;
        var pending = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = (pending + line).Trim();
            pending = "";
            var space = text.IndexOf(' ');
            var keyword = text[..space].ToUpperInvariant();
            var arguments = text[(space + 1)..].Trim();
            if (keyword == "ARG" && arguments.Split('=', 2) is [var name, var value])
            {
                args[name] = value;
                continue;
            }

            if (keyword == "FROM")
            {
                stage++;
                foreach (var (arg, fallback) in args) arguments = arguments.Replace("${" + arg + "}", fallback, StringComparison.Ordinal);
            }

            instructions.Add(new DockerfileInstruction(stage, keyword, arguments));
        }

        return instructions;
    }
}
