namespace Gateway.Configuration;

/// <summary>
/// <c>GATEWAY_SAMPLING=off</c>: keep every event without editing gateway.yaml (while developing, or to see what
/// sampling hides), as the shipped configuration samples info at 10%. Read with the file, so start, <c>validate</c>
/// and reload agree.
/// </summary>
public static class SamplingSwitch
{
    public const string Variable = "GATEWAY_SAMPLING";

    /// <summary>The processor type the switch turns off.</summary>
    public const string ProcessorType = "sampling";

    /// <summary>Removes the sampling processors when the switch says off.</summary>
    /// <returns>Whether sampling was switched off.</returns>
    public static bool Apply(Dictionary<ComponentId, object> processors, Func<string, string?> environment, ConfigErrors errors)
    {
        var value = environment(Variable);
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("on", StringComparison.OrdinalIgnoreCase)) return false;
        if (!value.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"the environment variable {Variable} is '{value}': set it to off to keep every event (the file's sampling: is then not applied), or to on or nothing to sample as the file says");
            return false;
        }

        foreach (var id in processors.Keys.Where(id => id.Type == ProcessorType).ToArray()) processors.Remove(id);
        return true;
    }
}
