namespace Gateway.Processors.Redaction;

/// <summary>The Luhn (mod 10) checksum every payment card number carries.</summary>
public static class Luhn
{
    /// <summary>Checks the digits of <paramref name="number"/>, skipping spaces and dashes.</summary>
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        var sum = 0;
        var digits = 0;
        for (var i = number.Length - 1; i >= 0; i--)
        {
            var c = number[i];
            if (c is ' ' or '-') continue;
            if (!char.IsAsciiDigit(c)) return false;
            var digit = c - '0';
            if ((digits & 1) == 1)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }

            sum += digit;
            digits++;
        }

        return digits > 0 && sum % 10 == 0;
    }
}
