using Gateway.Host.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Hosting;

/// <summary>
/// <c>idle_timeout</c> of one receiver listener, per connection: one with no request in flight for that long is
/// closed. Gracefully when it has served requests (HTTP/2 GOAWAY, HTTP/1.1 closes after the exchange; cut after
/// <see cref="CloseGrace"/> if the client holds on), at once when it never sent one: Kestrel itself never times out an
/// HTTP/2 connection that has not sent its preface, so a bare TCP connection to the gRPC port stayed open for good.
/// </summary>
internal sealed class ReceiverConnectionActivity : IDisposable
{
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private const string Key = "gateway.receiver.activity";

    private readonly ConnectionContext _connection;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?> _transport;
    private readonly ITimer _timer;
    private long _lastActive;
    private int _inFlight;
    private volatile bool _requested;
    private int _closing;

    private ReceiverConnectionActivity(ConnectionContext connection, TimeSpan idleTimeout, TimeProvider time, string transport)
    {
        _connection = connection;
        _idleTimeout = idleTimeout;
        _time = time;
        _transport = new KeyValuePair<string, object?>("transport", transport);
        _lastActive = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((ReceiverConnectionActivity)state!).Check(), this, idleTimeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Watches every connection <paramref name="listener"/> accepts.</summary>
    public static void Attach(ListenOptions listener, TimeSpan idleTimeout, string transport)
    {
        var time = listener.ApplicationServices.GetRequiredService<TimeProvider>();
        listener.Use(next => async connection =>
        {
            using var activity = new ReceiverConnectionActivity(connection, idleTimeout, time, transport);
            connection.Items[Key] = activity;
            await next(connection).ConfigureAwait(false);
        });
    }

    /// <summary>Brackets every request on a receiver connection, so a connection is idle only with nothing in flight.</summary>
    public static async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        var activity = context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Key, out var value) == true ? value as ReceiverConnectionActivity : null;
        if (activity is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        activity._requested = true;
        Interlocked.Increment(ref activity._inFlight);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref activity._lastActive, activity._time.GetTimestamp());
            Interlocked.Decrement(ref activity._inFlight);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        try
        {
            if (Volatile.Read(ref _inFlight) > 0)
            {
                _timer.Change(_idleTimeout, Timeout.InfiniteTimeSpan);
                return;
            }

            var idleFor = _time.GetElapsedTime(Volatile.Read(ref _lastActive));
            if (idleFor < _idleTimeout)
            {
                _timer.Change(_idleTimeout - idleFor, Timeout.InfiniteTimeSpan);
                return;
            }

            if (Interlocked.Exchange(ref _closing, 1) == 1 || !_requested)
            {
                if (!_requested) ReceiverSecurityMetrics.IdleConnectionsClosed.Add(1, _transport);
                _connection.Abort(new ConnectionAbortedException($"no request for idle_timeout ({_idleTimeout.TotalSeconds:0.###}s)"));
                return;
            }

            ReceiverSecurityMetrics.IdleConnectionsClosed.Add(1, _transport);
            _connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
            _timer.Change(CloseGrace, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection ended while the check ran.
        }
    }
}
