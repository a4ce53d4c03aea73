namespace Gateway.Otlp.Compression;

/// <summary>
/// Tells a complete body from one cut short, for formats whose decoder ends quietly at the end of its input: it sees
/// every decompressed byte, and at the end compares them with the format's trailer.
/// </summary>
internal interface IBodyEndCheck
{
    void Observe(ReadOnlySpan<byte> output);

    /// <summary>Throws <see cref="InvalidDataException"/> when the body does not end as the format requires.</summary>
    void Verify();
}
