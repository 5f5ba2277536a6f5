using System.Collections;
using System.Reflection;

namespace TwinGan.Deploy.Tests.Configuration;

/// <summary>
/// Whether a configuration key (<c>Auth:Keys:0:Key</c>, below its section) names a property the configuration
/// binder would set on an options type: properties match case-insensitively, list elements take an index segment,
/// dictionaries a key segment, and a key must end on a scalar (string, number, enum, TimeSpan…).
/// </summary>
public static class OptionKeys
{
    public static bool IsKnown(Type options, IReadOnlyList<string> path) => path.Count > 0 && PropertyMatches(options, path, 0);

    private static bool PropertyMatches(Type type, IReadOnlyList<string> path, int at)
    {
        var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.Name, path[at], StringComparison.OrdinalIgnoreCase) && p.GetIndexParameters().Length == 0);
        return property is not null && TypeMatches(property.PropertyType, path, at + 1);
    }

    private static bool TypeMatches(Type type, IReadOnlyList<string> path, int at)
    {
        if (IsScalar(type)) return at == path.Count;
        if (at == path.Count) return false;
        if (DictionaryValue(type) is { } value) return TypeMatches(value, path, at + 1);
        if (Element(type) is { } element) return int.TryParse(path[at], out var index) && index >= 0 && TypeMatches(element, path, at + 1);
        return PropertyMatches(type, path, at);
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(Uri);
    }

    private static Type? DictionaryValue(Type type) => type.GetInterfaces().Append(type)
        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments()[1];

    private static Type? Element(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!typeof(IEnumerable).IsAssignableFrom(type)) return null;
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}
