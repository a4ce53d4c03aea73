namespace Gateway.Exporters.Chat.Text;

/// <summary>The first lines of a stack trace: the frames nearest the throw, which is what a reader of a chat message needs.</summary>
public static class StackTop
{
    public static string? Take(string? stack, int frames)
    {
        if (string.IsNullOrWhiteSpace(stack) || frames <= 0) return null;
        var span = stack.AsSpan();
        var end = 0;
        var taken = 0;
        while (end < span.Length && taken < frames)
        {
            var newline = span[end..].IndexOf('\n');
            var lineEnd = newline < 0 ? span.Length : end + newline;
            if (!span[end..lineEnd].IsWhiteSpace()) taken++;
            end = newline < 0 ? span.Length : lineEnd + 1;
        }

        var omitted = CountLines(span[end..]);
        var top = span[..end].TrimEnd();
        return omitted == 0 ? top.ToString() : $"{top}\n… {omitted} more line(s)";
    }

    private static int CountLines(ReadOnlySpan<char> rest)
    {
        var count = 0;
        foreach (var line in rest.EnumerateLines())
        {
            if (!line.IsWhiteSpace()) count++;
        }

        return count;
    }
}
