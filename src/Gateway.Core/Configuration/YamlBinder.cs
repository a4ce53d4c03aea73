using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>
/// Binds YAML nodes onto typed options classes. Keys are the snake_case of property names (or <see cref="ConfigKeyAttribute"/>);
/// an unknown key or a badly typed value is an error at its line that names what to write instead. Runs at start only.
/// </summary>
public sealed class YamlBinder
{
    /// <summary>Why reflection over options types is safe in the trimmed native build.</summary>
    private const string RootedOptions = "Options classes live in the gateway's own assemblies, which the host project roots (TrimmerRootAssembly), so their constructors and properties are kept.";

    private readonly ConfigErrors _errors;
    private readonly Func<string, string?> _environment;

    public YamlBinder(ConfigErrors errors, Func<string, string?>? environment = null)
    {
        _errors = errors;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public ConfigErrors Errors => _errors;

    /// <summary>Binds <paramref name="node"/> onto <paramref name="target"/> (whose defaults stay for keys not written), then validates it.</summary>
    public void BindObject(YamlNode? node, object target, string path)
    {
        if (node is null || IsNull(node))
        {
            Validate(target, null, path);
            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            _errors.Add(node, $"{path}: expected a block of keys ({string.Join(", ", KeysOf(target.GetType()))}), got {Describe(node)}");
            return;
        }

        var properties = PropertiesOf(target.GetType());
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!properties.TryGetValue(key, out var property))
            {
                _errors.Add(keyNode, $"{path}: unknown key '{key}'{Suggest(key, properties.Keys)}; valid keys are {string.Join(", ", properties.Keys)}");
                continue;
            }

            var current = property.GetValue(target);
            if (TryConvert(valueNode, property.PropertyType, current, $"{path}.{key}", out var value)) property.SetValue(target, value);
        }

        Validate(target, mapping, path);
    }

    public T Bind<T>(YamlNode? node, string path) where T : new()
    {
        var target = new T();
        BindObject(node, target, path);
        return target;
    }

    /// <summary>Reads a scalar with environment substitution applied; null (and an error) when it is not a scalar.</summary>
    public string? ReadScalar(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            _errors.Add(node, $"{path}: expected a single value, got {Describe(node)}");
            return null;
        }

        var expanded = EnvironmentSubstitution.Expand(scalar.Value ?? string.Empty, _environment, out var error);
        if (error is not null)
        {
            _errors.Add(node, $"{path}: {error}");
            return null;
        }

        return expanded;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = RootedOptions)]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = RootedOptions)]
    public bool TryConvert(YamlNode node, Type type, object? current, string path, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            if (IsNull(node)) return true;
            type = underlying;
        }

        if (typeof(YamlNode).IsAssignableFrom(type))
        {
            value = node;
            return true;
        }

        if (type == typeof(string))
        {
            if (IsNull(node)) return true;
            value = ReadScalar(node, path);
            return value is not null;
        }

        if (IsScalarType(type))
        {
            var text = ReadScalar(node, path);
            if (text is null) return false;
            if (TryParseScalar(text, type, out value)) return true;
            _errors.Add(node, $"{path}: '{text}' is not {ExpectedFor(type)}");
            return false;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return TryConvertList(node, type, current, path, out value);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return TryConvertDictionary(node, type, current, path, out value);
        }

        if (type.IsClass && type.GetConstructor(Type.EmptyTypes) is not null)
        {
            var target = current ?? Activator.CreateInstance(type)!;
            var before = _errors.All.Count;
            BindObject(node, target, path);
            value = target;
            return _errors.All.Count == before;
        }

        _errors.Add(node, $"{path}: cannot bind values of type {type.Name}");
        return false;
    }

    /// <summary>
    /// Collections are refilled in the options object's own instance (options classes initialize them, <c>= []</c>):
    /// the native (AOT) build cannot construct a generic collection type it only knows by reflection.
    /// </summary>
    private bool TryConvertList(YamlNode node, Type listType, object? current, string path, out object? value)
    {
        var elementType = listType.GetGenericArguments()[0];
        var list = (IList)(current ?? throw UninitializedCollection(listType));
        list.Clear();
        value = list;
        if (IsNull(node)) return true;
        var ok = true;
        if (node is YamlScalarNode && IsScalarType(elementType))
        {
            // A single value where a list is expected is a list of one, as the collector accepts.
            if (TryConvert(node, elementType, null, path, out var single)) list.Add(single);
            else ok = false;
            return ok;
        }

        if (node is not YamlSequenceNode sequence)
        {
            _errors.Add(node, $"{path}: expected a list ([a, b] or '- item' lines), got {Describe(node)}");
            return false;
        }

        var index = 0;
        foreach (var item in sequence.Children)
        {
            if (TryConvert(item, elementType, null, $"{path}[{index}]", out var converted)) list.Add(converted);
            else ok = false;
            index++;
        }

        return ok;
    }

    private bool TryConvertDictionary(YamlNode node, Type dictionaryType, object? current, string path, out object? value)
    {
        var arguments = dictionaryType.GetGenericArguments();
        var dictionary = (IDictionary)(current ?? throw UninitializedCollection(dictionaryType));
        dictionary.Clear();
        value = dictionary;
        if (IsNull(node)) return true;
        if (arguments[0] != typeof(string) || node is not YamlMappingNode mapping)
        {
            _errors.Add(node, $"{path}: expected a block of 'key: value' entries, got {Describe(node)}");
            return false;
        }

        var ok = true;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (TryConvert(valueNode, arguments[1], null, $"{path}.{key}", out var converted)) dictionary[key] = converted;
            else ok = false;
        }

        return ok;
    }

    private static InvalidOperationException UninitializedCollection(Type type) =>
        new($"{type.Name} options must be initialized (= [] or = new(...)) so the binder can fill them");

    private void Validate(object target, YamlMappingNode? node, string path)
    {
        if (target is IValidatableOptions validatable) validatable.Validate(new OptionsValidationContext(_errors, node, path));
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } scalar
        && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static bool IsScalarType(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(ByteSize) || type == typeof(decimal);

    private static bool TryParseScalar(string text, Type type, out object? value)
    {
        value = null;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(bool))
        {
            if (text is "true" or "True" or "TRUE" or "yes" or "on") { value = true; return true; }
            if (text is "false" or "False" or "FALSE" or "no" or "off") { value = false; return true; }
            return false;
        }

        if (type == typeof(int) && int.TryParse(text, NumberStyles.Integer, invariant, out var i)) { value = i; return true; }
        if (type == typeof(long) && long.TryParse(text, NumberStyles.Integer, invariant, out var l)) { value = l; return true; }
        if (type == typeof(double) && double.TryParse(text, NumberStyles.Float, invariant, out var d)) { value = d; return true; }
        if (type == typeof(TimeSpan) && DurationParser.TryParse(text, out var t)) { value = t; return true; }
        if (type == typeof(ByteSize) && ByteSize.TryParse(text, out var b)) { value = b; return true; }
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
            {
                if (string.Equals(SnakeCase(name), text, StringComparison.OrdinalIgnoreCase) || string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    value = Enum.Parse(type, name);
                    return true;
                }
            }
        }

        return false;
    }

    private static string ExpectedFor(Type type)
    {
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double)) return "a number";
        if (type == typeof(TimeSpan)) return DurationParser.Expected;
        if (type == typeof(ByteSize)) return ByteSize.Expected;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(SnakeCase));
        return "a " + type.Name;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a block of keys",
        _ => "something else",
    };

    public static IEnumerable<string> KeysOf(Type type) => PropertiesOf(type).Keys;

    private static readonly Dictionary<Type, Dictionary<string, PropertyInfo>> PropertyCache = [];

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = RootedOptions)]
    private static Dictionary<string, PropertyInfo> PropertiesOf(Type type)
    {
        lock (PropertyCache)
        {
            if (PropertyCache.TryGetValue(type, out var cached)) return cached;
            var properties = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.CanWrite || property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) continue;
                var key = property.GetCustomAttribute<ConfigKeyAttribute>()?.Key ?? SnakeCase(property.Name);
                properties[key] = property;
            }

            PropertyCache[type] = properties;
            return properties;
        }
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>" (did you mean 'x'?)" for a near miss, so a typo's fix is on the same line as the error.</summary>
    public static string Suggest(string key, IEnumerable<string> valid)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in valid)
        {
            var distance = Distance(key, candidate);
            if (distance < bestDistance) { best = candidate; bestDistance = distance; }
        }

        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? $" (did you mean '{best}'?)" : string.Empty;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
