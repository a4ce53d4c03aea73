using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Gateway.Host.Security;

/// <summary>
/// Marks each connection with the receiver protocol whose listener accepted it, so the receivers' gates (CORS, auth,
/// limits) apply to exactly their listeners and never to other endpoints of the process (health, metrics). Marking
/// the connection, rather than comparing ports, also holds for port 0 from the first accepted connection on.
/// </summary>
public static class ReceiverConnection
{
    private const string Key = "gateway.receiver.transport";

    public static void Mark(ConnectionContext connection, string transport) => connection.Items[Key] = transport;

    public static bool Is(HttpContext context, string transport) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(Key, out var value) == true && (string?)value == transport;
}
