using System.Globalization;

namespace Gateway.Configuration;

/// <summary>A size written as 20MiB, 5MB, 512KiB or plain bytes. KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024.</summary>
public readonly record struct ByteSize(long Bytes)
{
    public const string Expected = "a size like 512KiB, 20MiB, 5MB or 1GiB";

    public static ByteSize FromMebibytes(long value) => new(value * 1024 * 1024);

    public static bool TryParse(string text, out ByteSize size)
    {
        size = default;
        var span = text.AsSpan().Trim();
        var digits = 0;
        while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.')) digits++;
        if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        var unit = span[digits..].Trim();
        long multiplier = unit.ToString().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KB" or "K" => 1000,
            "KIB" => 1024,
            "MB" or "M" => 1000 * 1000,
            "MIB" => 1024 * 1024,
            "GB" or "G" => 1000L * 1000 * 1000,
            "GIB" => 1024L * 1024 * 1024,
            "TB" => 1000L * 1000 * 1000 * 1000,
            "TIB" => 1024L * 1024 * 1024 * 1024,
            _ => -1,
        };
        if (multiplier < 0) return false;
        size = new ByteSize((long)(number * multiplier));
        return true;
    }

    public override string ToString() => Bytes switch
    {
        >= 1024L * 1024 * 1024 when Bytes % (1024L * 1024 * 1024) == 0 => $"{Bytes / (1024L * 1024 * 1024)}GiB",
        >= 1024 * 1024 when Bytes % (1024 * 1024) == 0 => $"{Bytes / (1024 * 1024)}MiB",
        >= 1024 when Bytes % 1024 == 0 => $"{Bytes / 1024}KiB",
        _ => Bytes.ToString(CultureInfo.InvariantCulture),
    };
}
