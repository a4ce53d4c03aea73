using Gateway.Host.Cli;

namespace Gateway.Tests.Cli;

/// <summary>
/// The gateway's command line run in-process as a user types it (no environment variables), with the files it reads
/// written into a temporary folder that is deleted with this.
/// </summary>
internal sealed class CommandLineRun(string folderPrefix) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    /// <summary>Writes <paramref name="text"/> to a file of the folder; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GatewayCli.RunAsync(args, output, error, _ => null);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
