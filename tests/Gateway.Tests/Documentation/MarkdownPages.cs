using System.Text.RegularExpressions;
using Gateway.Testing;

namespace Gateway.Tests.Documentation;

/// <summary>The repository's Markdown: README.md, docs/ and the examples' READMEs, with what the tests check in them.</summary>
internal static partial class MarkdownPages
{
    public static IReadOnlyList<string> RelativePaths()
    {
        var pages = new List<string> { "README.md" };
        foreach (var folder in new[] { "docs", "examples" })
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf(folder), "*.md", SearchOption.AllDirectories))
            {
                if (!file.Contains("node_modules", StringComparison.Ordinal)) pages.Add(Path.GetRelativePath(RepositoryFiles.Root, file));
            }
        }

        pages.Sort(StringComparer.Ordinal);
        return pages;
    }

    /// <summary>Targets of Markdown links outside code blocks that point into the repository (no scheme).</summary>
    public static IEnumerable<string> RelativeLinks(string markdown)
    {
        foreach (Match link in Link().Matches(WithoutCode(markdown)))
        {
            var target = link.Groups[1].Value;
            if (!Scheme().IsMatch(target)) yield return target;
        }
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    public static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        // A heading's inline code keeps its text in the anchor (### `GET /tap` is #get-tap); fenced blocks hold no headings.
        foreach (Match heading in Heading().Matches(FencedCode().Replace(markdown, string.Empty)))
        {
            var text = heading.Groups[1].Value.Replace("`", string.Empty, StringComparison.Ordinal).Trim().ToLowerInvariant();
            var slug = new string([.. text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-');
            var candidate = slug;
            for (var n = 1; !anchors.Add(candidate); n++) candidate = $"{slug}-{n}";
        }

        return anchors;
    }

    /// <summary>The bodies of the fenced blocks whose info string is exactly <paramref name="info"/>, with their line numbers.</summary>
    public static IEnumerable<(int Line, string Body)> FencedBlocks(string markdown, string info)
    {
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal)) continue;
            var indent = lines[i].Length - trimmed.Length;
            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart());
            }

            if (trimmed[3..].Trim() == info) yield return (start + 1, string.Join('\n', body));
        }
    }

    private static string WithoutCode(string markdown) => InlineCode().Replace(FencedCode().Replace(markdown, string.Empty), string.Empty);

    [GeneratedRegex(@"\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6} +(.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^ *```.*?^ *```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();
}
