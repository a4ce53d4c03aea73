using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Exporters.Chat;

/// <summary>Counters that show whether volume control works: what was posted, folded into groups, held back, refused.</summary>
internal static class ChatMetrics
{
    public static readonly Counter<long> Posted = GatewayMeter.Instance.CreateCounter<long>("gateway_chat_messages_posted", "{message}", "Chat messages the platform accepted (events and summaries)");

    public static readonly Counter<long> Folded = GatewayMeter.Instance.CreateCounter<long>("gateway_chat_events_grouped", "{event}", "Events counted in a group's follow-up instead of a message of their own");

    public static readonly Counter<long> HeldBack = GatewayMeter.Instance.CreateCounter<long>("gateway_chat_events_held_back", "{event}", "Events the rate limit kept back and summarised");

    public static readonly Counter<long> Rejected = GatewayMeter.Instance.CreateCounter<long>("gateway_chat_messages_rejected", "{message}", "Messages the platform refused as invalid (not retried)");

    public static readonly Counter<long> Throttled = GatewayMeter.Instance.CreateCounter<long>("gateway_chat_rate_limited", "{response}", "429 answers from the platform");
}
