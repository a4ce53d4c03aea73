using System.Buffers.Binary;

namespace Gateway.Otlp.Compression;

/// <summary>
/// ZLibStream, like GZipStream, inflates a cut-off body to a prefix without an error (it checks the Adler-32 only
/// when the trailer arrives), so the last four bytes must be the Adler-32 of what came out.
/// </summary>
internal sealed class ZlibEndCheck(TailKeepingStream compressed) : IBodyEndCheck
{
    public const int TrailerLength = 4;

    // Two header bytes, at least one deflate byte, the trailer.
    private const int MinimumLength = 2 + 1 + TrailerLength;

    // The largest n such that 255n(n+1)/2 + (n+1)(Modulus-1) fits in 32 bits: sums are reduced once per block.
    private const int BlockLength = 5552;
    private const uint Modulus = 65521;

    private uint _a = 1;
    private uint _b;

    public void Observe(ReadOnlySpan<byte> output)
    {
        while (!output.IsEmpty)
        {
            var block = output.Length > BlockLength ? output[..BlockLength] : output;
            foreach (var value in block)
            {
                _a += value;
                _b += _a;
            }

            _a %= Modulus;
            _b %= Modulus;
            output = output[block.Length..];
        }
    }

    public void Verify()
    {
        if (compressed.BytesRead < MinimumLength) throw new InvalidDataException($"only {compressed.BytesRead} bytes, a zlib body has at least {MinimumLength}");
        if (BinaryPrimitives.ReadUInt32BigEndian(compressed.Tail) != ((_b << 16) | _a))
        {
            throw new InvalidDataException("the body is truncated or corrupt (its Adler-32 does not match the data)");
        }
    }
}
