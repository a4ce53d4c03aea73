using System.Text;

namespace Gateway.Configuration;

/// <summary>
/// Expands <c>${env:NAME}</c> and <c>${env:NAME:-default}</c> inside one parsed scalar. Applied after parsing, so a
/// variable's value can never add YAML structure; <c>$$</c> writes a literal dollar sign.
/// </summary>
public static class EnvironmentSubstitution
{
    public static string Expand(string value, Func<string, string?> lookup, out string? error)
    {
        error = null;
        if (!value.Contains('$', StringComparison.Ordinal)) return value;
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '$' || i + 1 >= value.Length)
            {
                result.Append(c);
                continue;
            }

            if (value[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }

            if (value[i + 1] != '{')
            {
                result.Append(c);
                continue;
            }

            var end = value.IndexOf('}', i + 2);
            if (end < 0)
            {
                error = $"unclosed '${{' in \"{value}\": write ${{env:NAME}} or ${{env:NAME:-default}}";
                return value;
            }

            var reference = value.AsSpan(i + 2, end - i - 2);
            if (!reference.StartsWith("env:", StringComparison.Ordinal))
            {
                error = $"unsupported substitution '${{{reference}}}': write ${{env:NAME}} or ${{env:NAME:-default}} (use $$ for a literal $)";
                return value;
            }

            var body = reference[4..];
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            var name = (separator >= 0 ? body[..separator] : body).ToString();
            var fallback = separator >= 0 ? body[(separator + 2)..].ToString() : null;
            var found = lookup(name);
            if (string.IsNullOrEmpty(found))
            {
                if (fallback is null)
                {
                    error = $"environment variable {name} is not set: set it, or write ${{env:{name}:-default}} to give a default";
                    return value;
                }

                found = fallback;
            }

            result.Append(found);
            i = end;
        }

        return result.ToString();
    }
}
