using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Routing;

/// <summary>What the test application logs through the OTel SDK, source-generated as an application would.</summary>
internal static partial class ShopLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {Order} placed")]
    public static partial void OrderPlaced(ILogger logger, string order);
}
