namespace Gateway.Testing.Observing;

/// <summary>
/// Debian's Chromium, headless, for tests that look at a page as a browser renders it. A fresh machine (CI runs
/// <c>dotnet test</c> on a clean clone, as root) has no browser, so the first test that needs one installs the
/// <c>chromium</c> package with apt-get; when that is impossible the test fails and says why, it is never skipped.
/// The install is tried once per test run and bounded as a whole, so a slow or unreachable mirror costs every test
/// that needs the browser one clear failure, not one timeout each. <see cref="ChromiumPage"/> drives it.
/// </summary>
public static class HeadlessChromium
{
    public const string Program = "/usr/bin/chromium";

    /// <summary>apt-get update and install together (about 230 MB on a bare Debian 12: a minute or two); the suite has 10 in all.</summary>
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    /// <summary>Chromium's path, installing it first when it is missing.</summary>
    public static Task<string> RequireAsync() => File.Exists(Program) ? Task.FromResult(Program) : Installed.Value;

    private static async Task<string> InstallAsync()
    {
        if (File.Exists(Program)) return Program;
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException($"the status page tests need Chromium at {Program}; this machine has no apt-get to install it (on Debian, as root: apt-get install chromium)");
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var deadline = DateTime.UtcNow + InstallTimeout;
        try
        {
            var (updated, updateOutput) = await ChildProcess.RunAsync("apt-get", "/", ["update", "-qq"], InstallTimeout, environment).ConfigureAwait(false);
            var left = deadline - DateTime.UtcNow;
            var (installed, installOutput) = left > TimeSpan.Zero
                ? await ChildProcess.RunAsync("apt-get", "/", ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core"], left, environment).ConfigureAwait(false)
                : (-1, "no time left to install");
            if (installed != 0 || !File.Exists(Program))
            {
                throw new InvalidOperationException(
                    $"the status page tests need Chromium at {Program} and installing Debian's chromium package failed (apt-get update exit {updated}, install exit {installed}; installing needs root and a reachable Debian mirror; or install it beforehand: apt-get install chromium):\n{updateOutput}\n{installOutput}");
            }
        }
        catch (TimeoutException timeout)
        {
            throw new InvalidOperationException(
                $"the status page tests need Chromium at {Program} and installing Debian's chromium package did not finish within {InstallTimeout.TotalMinutes} minutes (a slow or unreachable mirror?); install it beforehand: apt-get install chromium", timeout);
        }

        return Program;
    }
}
