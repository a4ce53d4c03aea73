namespace Gateway.Exporters.Chat.Delivery;

public enum PostStatus : byte
{
    /// <summary>The platform took the message.</summary>
    Delivered,

    /// <summary>The platform refused the message itself (400 invalid payload, 404 unknown webhook): sending it again will not help.</summary>
    Rejected,

    /// <summary>429: wait as told, then send it again.</summary>
    Throttled,

    /// <summary>Timeout, connection error or 5xx: may work later.</summary>
    Failed,
}
