using System.Text;

namespace Gateway.IntegrationTests.Limits;

/// <summary>A TCP connection to the gateway driven by hand, for what HTTP clients hide: slow bodies, silence, closes.</summary>
internal static class RawConnection
{
    /// <summary>Reads what the gateway sends until it closes (or resets) the connection, or until <paramref name="stop"/>; Closed says which.</summary>
    public static async Task<(string Received, bool Closed)> ReadUntilClosedAsync(Stream stream, CancellationToken stop)
    {
        var buffer = new byte[4096];
        var received = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, stop)) > 0) received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
            // Reset rather than closed: closed all the same.
        }
        catch (OperationCanceledException)
        {
            return (received.ToString(), false);
        }

        return (received.ToString(), true);
    }
}
