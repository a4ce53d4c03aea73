using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Chat;

internal static class DoubleBodies
{
    public static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Characters as Discord (Python) counts them: Unicode code points, so an emoji is one.</summary>
    public static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }
}
