namespace Gateway.Testing;

/// <summary>Waits for a condition with a bounded timeout instead of sleeping and hoping.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = 5;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds}s waiting for: {what}");
            await Task.Delay(delay).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 100);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = 5;
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds}s waiting for: {what}");
            await Task.Delay(delay).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 100);
        }
    }
}
