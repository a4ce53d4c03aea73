using Gateway.Otlp.Receivers;
using Gateway.Otlp.Receivers.Http;

namespace Gateway.Otlp.Compression;

/// <summary>
/// A compressed body as it decompresses: refused with <see cref="RequestBodyTooLargeException"/> as soon as the output
/// passes the limit (a bomb is never inflated past it), checked at its end where the format's decoder would end quietly
/// on a cut-off body, and every decoder failure turned into an <see cref="OtlpDecodeException"/> naming the encoding.
/// </summary>
internal sealed class DecodingStream(Stream decoder, BodyEncoding encoding, long limit, IBodyEndCheck? end, string subject) : ReadOnlyStream
{
    private long _decoded;
    private bool _ended;

    public BodyEncoding Encoding => encoding;

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = decoder.Read(buffer);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw Failure(e);
        }

        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw Failure(e);
        }

        return Account(buffer.Span[..read]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) decoder.Dispose();
        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> output)
    {
        if (output.IsEmpty)
        {
            if (_ended) return 0;
            _ended = true;
            try
            {
                end?.Verify();
            }
            catch (InvalidDataException e)
            {
                throw Failure(e);
            }

            return 0;
        }

        _decoded += output.Length;
        if (_decoded > limit) throw new RequestBodyTooLargeException(limit);
        end?.Observe(output);
        return output.Length;
    }

    /// <summary>What the decoders throw for data that is not theirs, cut short or damaged.</summary>
    private static bool IsDecodeFailure(Exception e) => e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException;

    private OtlpDecodeException Failure(Exception e) => new($"the {subject} is not valid {BodyEncodings.NameOf(encoding)}: {e.Message}", e);
}
