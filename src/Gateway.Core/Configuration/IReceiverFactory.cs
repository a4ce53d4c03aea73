namespace Gateway.Configuration;

/// <summary>Declares a receiver type under <c>receivers:</c> and its options; the host starts receivers itself.</summary>
public interface IReceiverFactory
{
    string Type { get; }

    object CreateDefaultOptions();
}
