using System.Diagnostics;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Otlp.Receivers;

namespace Gateway.IntegrationTests.Operations;

/// <summary>
/// No Docker engine runs where these tests run, so the Dockerfile is checked for what can be checked without one:
/// the build stage's publish command works on exactly the files the stage copies, the image runs the published
/// gateway.dll with the config file the image ships, exposes the ports that config listens on, runs as a non-root
/// user and carries the ASP.NET runtime only.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static readonly IReadOnlyList<DockerfileInstruction> Instructions = Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "Dockerfile")));

    [Fact]
    public async Task TheBuildStagePublishCommandWorksOnTheFilesItCopiesAndProducesTheEntrypointDll()
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

            var (exitCode, log) = await RunDotnetAsync(workdir, arguments);

            Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{log}");
            Assert.True(File.Exists(Path.Combine(output, EntrypointDll())), $"{EntrypointDll()} is not in the published output");
            Assert.True(File.Exists(Path.Combine(output, "gateway.runtimeconfig.json")));
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
        Assert.Equal("dotnet", entrypoint[0]);
        Assert.Equal("gateway.dll", entrypoint[1]);
        Assert.Equal("run", entrypoint[2]);
        var configPath = entrypoint[Array.IndexOf(entrypoint, "--config") + 1];
        Assert.Contains(Instructions, i => i.Stage == 1 && i.Keyword == "COPY" && i.Arguments == $"gateway.yaml {configPath}");
        Assert.Equal(AppDirectory(), Single("WORKDIR", stage: 1).Arguments);
        Assert.Contains(Instructions, i => i.Stage == 1 && i.Keyword == "COPY" && i.Arguments == $"--from=build {AppDirectory()} ./");
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
    public void TheImageRunsAsTheNonRootUserOnTheAspNetRuntimeOnly()
    {
        var stages = Instructions.Where(i => i.Keyword == "FROM").ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("/dotnet/sdk:", stages[0].Arguments, StringComparison.Ordinal);
        Assert.EndsWith(" AS build", stages[0].Arguments, StringComparison.Ordinal);
        Assert.Contains("/dotnet/aspnet:", stages[1].Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain("sdk", stages[1].Arguments, StringComparison.Ordinal);

        // The .NET images define APP_UID (1654), a user without root rights.
        var user = Single("USER", stage: 1).Arguments;
        Assert.True(user is "$APP_UID" or "${APP_UID}" || (int.TryParse(user, out var uid) && uid > 0), $"USER {user} is not a non-root user");
        var last = Instructions.Last(i => i.Stage == 1 && i.Keyword is "USER" or "ENTRYPOINT" or "CMD");
        Assert.Equal("ENTRYPOINT", last.Keyword);
    }

    private static DockerfileInstruction Single(string keyword, int stage) => Assert.Single(Instructions, i => i.Stage == stage && i.Keyword == keyword);

    private static string AppDirectory() => Single("WORKDIR", stage: 1).Arguments;

    private static string EntrypointDll() => JsonSerializer.Deserialize<string[]>(Single("ENTRYPOINT", stage: 1).Arguments)![1];

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

    private static async Task<(int ExitCode, string Log)> RunDotnetAsync(string workdir, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workdir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("-nologo");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
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

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"no Gateway.sln above {AppContext.BaseDirectory}");
    }
}
