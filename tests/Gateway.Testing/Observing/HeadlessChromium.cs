namespace Gateway.Testing.Observing;

/// <summary>
/// Debian's Chromium, headless, for tests that look at a page as a browser renders it. A fresh machine (CI runs
/// <c>dotnet test</c> on a clean clone, as root) has no browser, so the first test that needs one installs the
/// <c>chromium</c> package with apt-get; when that is impossible the test fails and says why, it is never skipped.
/// <see cref="ChromiumPage"/> drives it.
/// </summary>
public static class HeadlessChromium
{
    public const string Program = "/usr/bin/chromium";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(8);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>Chromium's path, installing it first when it is missing.</summary>
    public static async Task<string> RequireAsync()
    {
        if (File.Exists(Program)) return Program;
        await InstallGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (File.Exists(Program)) return Program;
            if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException($"the status page tests need Chromium at {Program}; this machine has no apt-get to install it (Debian: apt-get install chromium)");
            }

            var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            var (updated, updateOutput) = await ChildProcess.RunAsync("apt-get", "/", ["update", "-qq"], InstallTimeout, environment).ConfigureAwait(false);
            var (installed, installOutput) = await ChildProcess.RunAsync("apt-get", "/", ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core"], InstallTimeout, environment).ConfigureAwait(false);
            if (installed != 0 || !File.Exists(Program))
            {
                throw new InvalidOperationException(
                    $"the status page tests need Chromium and installing Debian's chromium package failed (apt-get update exit {updated}, install exit {installed}; installing needs root and the Debian mirrors):\n{updateOutput}\n{installOutput}");
            }

            return Program;
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
