using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Exporters.ConsoleExport;

/// <summary>
/// Renders one envelope as a console line into a byte buffer:
/// <c>2026-11-23T12:00:00.123Z ERROR checkout/production order.failed "Card declined" ctx.order.id=ord-1 error=CardError: declined</c>.
/// </summary>
public sealed class ConsoleLineFormatter
{
    private static readonly byte[] Reset = "\u001b[0m"u8.ToArray();
    private static readonly byte[] Dim = "\u001b[2m"u8.ToArray();
    private static readonly byte[] Bold = "\u001b[1m"u8.ToArray();

    private readonly ConsoleExporterOptions _options;
    private readonly bool _color;
    private readonly Utf8JsonWriter _json;
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(1024);

    public ConsoleLineFormatter(ConsoleExporterOptions options, bool color)
    {
        _options = options;
        _color = color;
        _json = new Utf8JsonWriter(_jsonBuffer, new JsonWriterOptions { SkipValidation = true });
    }

    public void Write(EventEnvelope envelope, IBufferWriter<byte> output)
    {
        if (_options.Format == ConsoleFormat.Json)
        {
            WriteJson(envelope, output);
            return;
        }

        Span<byte> time = stackalloc byte[EnvelopeTime.MaxLength];
        var timeLength = EnvelopeTime.Format(envelope.TimeUnixNano, time);
        Colored(output, Dim, time[..timeLength]);
        output.Write(" "u8);
        Colored(output, LevelColor(envelope.Level), LevelLabel(envelope.Level));
        output.Write(" "u8);
        if (envelope.SampleRate is > 0 and < 1 and var rate) WriteStandsFor(output, rate);
        Text(output, envelope.Service);
        if (envelope.Environment is not null)
        {
            output.Write("/"u8);
            Text(output, envelope.Environment);
        }

        output.Write(" "u8);
        if (_color) output.Write(Bold);
        Text(output, envelope.Name);
        if (_color) output.Write(Reset);
        var message = envelope.Title ?? envelope.Message;
        if (message is not null)
        {
            output.Write(" \""u8);
            TextSingleLine(output, message);
            output.Write("\""u8);
        }

        if (envelope.Error is { } error)
        {
            output.Write(" error="u8);
            Text(output, error.Name ?? "error");
            if (error.Message is not null)
            {
                output.Write(": "u8);
                TextSingleLine(output, error.Message);
            }
        }

        if (envelope.Actor is { } actor)
        {
            output.Write(" actor="u8);
            Text(output, actor.Type);
            if (actor.Id is not null)
            {
                output.Write(":"u8);
                Text(output, actor.Id);
            }
        }

        var shown = Math.Min(_options.MaxAttributes, envelope.Attributes.Length);
        for (var i = 0; i < shown; i++)
        {
            output.Write(" "u8);
            if (_color) output.Write(Dim);
            Text(output, envelope.Attributes[i].Key);
            output.Write("="u8);
            if (_color) output.Write(Reset);
            TextSingleLine(output, envelope.Attributes[i].Value.ToString());
        }

        if (envelope.Attributes.Length > shown)
        {
            output.Write(" +"u8);
            Text(output, (envelope.Attributes.Length - shown).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        output.Write("\n"u8);
    }

    private void WriteJson(EventEnvelope envelope, IBufferWriter<byte> output)
    {
        _jsonBuffer.ResetWrittenCount();
        _json.Reset();
        EnvelopeJson.Write(_json, envelope);
        _json.Flush();
        output.Write(_jsonBuffer.WrittenSpan);
        output.Write("\n"u8);
    }

    /// <summary>
    /// "×10 " for an event kept at 10%: it stands for ten events, so someone counting lines on the console sees why
    /// there are fewer than they sent.
    /// </summary>
    private void WriteStandsFor(IBufferWriter<byte> output, double rate)
    {
        // 1/0.1 is 9.999...: whole numbers within rounding show as such, others with one decimal (×3.3 for 30%).
        var represented = 1 / rate;
        if (Math.Abs(represented - Math.Round(represented)) < 0.05) represented = Math.Round(represented);
        Span<byte> number = stackalloc byte[32];
        if (!represented.TryFormat(number, out var written, "0.#", CultureInfo.InvariantCulture)) return;
        if (_color) output.Write(Dim);
        output.Write("×"u8);
        output.Write(number[..written]);
        if (_color) output.Write(Reset);
        output.Write(" "u8);
    }

    private void Colored(IBufferWriter<byte> output, ReadOnlySpan<byte> color, ReadOnlySpan<byte> text)
    {
        if (_color) output.Write(color);
        output.Write(text);
        if (_color) output.Write(Reset);
    }

    private static void Text(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>Newlines become "⏎" so one event is always one line (a stack trace would otherwise break grep).</summary>
    private static void TextSingleLine(IBufferWriter<byte> output, string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r')) continue;
            Text(output, text[start..i]);
            if (text[i] == '\n') output.Write("⏎"u8);
            start = i + 1;
        }

        Text(output, start == 0 ? text : text[start..]);
    }

    private static ReadOnlySpan<byte> LevelLabel(EventLevel level) => level switch
    {
        EventLevel.Debug => "DEBUG"u8,
        EventLevel.Info => "INFO "u8,
        EventLevel.Warn => "WARN "u8,
        EventLevel.Error => "ERROR"u8,
        _ => "FATAL"u8,
    };

    private static ReadOnlySpan<byte> LevelColor(EventLevel level) => level switch
    {
        EventLevel.Debug => "\u001b[90m"u8,
        EventLevel.Info => "\u001b[32m"u8,
        EventLevel.Warn => "\u001b[33m"u8,
        EventLevel.Error => "\u001b[31m"u8,
        _ => "\u001b[1;35m"u8,
    };
}
