using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Testing;

namespace Gateway.Tests.Documentation;

/// <summary>The README and the manual hold together: every link leads somewhere and every full configuration loads.</summary>
public sealed class DocumentationTests
{
    public static TheoryData<string> Pages() => [.. MarkdownPages.RelativePaths()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLinkLeadsToAFileAndHeadingThatExist(string page)
    {
        var broken = new List<string>();
        var folder = Path.GetDirectoryName(RepositoryFiles.PathOf(page))!;
        var text = File.ReadAllText(RepositoryFiles.PathOf(page));
        foreach (var link in MarkdownPages.RelativeLinks(text))
        {
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? link : link[..hash];
            var target = file.Length == 0 ? RepositoryFiles.PathOf(page) : Path.GetFullPath(Path.Combine(folder, file));
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                broken.Add($"{link}: no such file");
            }
            else if (hash >= 0 && !MarkdownPages.Anchors(File.ReadAllText(target)).Contains(link[(hash + 1)..]))
            {
                broken.Add($"{link}: no such heading in {Path.GetFileName(target)}");
            }
        }

        Assert.True(broken.Count == 0, $"{page}: {string.Join("; ", broken)}");
    }

    [Fact]
    public void TheReadmeIsAFrontDoorOfAtMostTwoHundredLinesThatStartsWithTheTwoCommands()
    {
        var lines = File.ReadAllLines(RepositoryFiles.PathOf("README.md"));

        Assert.True(lines.Length <= 200, $"README.md has {lines.Length} lines; move the detail to a page under docs/");
        var firstCommands = lines.SkipWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).Skip(1).Take(2).ToArray();
        Assert.StartsWith("dotnet run --project src/Gateway ", firstCommands[0], StringComparison.Ordinal);
        Assert.StartsWith("dotnet test ", firstCommands[1], StringComparison.Ordinal);
    }

    public static TheoryData<string, int> FullConfigs()
    {
        var blocks = new TheoryData<string, int>();
        foreach (var page in MarkdownPages.RelativePaths())
        {
            foreach (var (line, _) in MarkdownPages.FencedBlocks(File.ReadAllText(RepositoryFiles.PathOf(page)), "yaml full-config")) blocks.Add(page, line);
        }

        return blocks;
    }

    [Theory]
    [MemberData(nameof(FullConfigs))]
    public void EveryYamlBlockMarkedAsAFullConfigLoads(string page, int line)
    {
        var (_, yaml) = MarkdownPages.FencedBlocks(File.ReadAllText(RepositoryFiles.PathOf(page)), "yaml full-config").Single(b => b.Line == line);
        var loader = new GatewayConfigLoader(GatewayCatalog.Create(), ShippedConfigs.Lookup);

        var exception = Record.Exception(() => loader.Load(yaml, $"{page}:{line}"));

        Assert.Null(exception);
    }
}
