namespace TwinGan.Data;

/// <summary>One discrete attribute and its classes; a label is the index of a class, or -1 when not applicable.</summary>
public sealed record AttributeDefinition(string Name, IReadOnlyList<string> Classes)
{
    public const int NotApplicable = -1;

    public int IndexOf(string className)
    {
        for (int i = 0; i < Classes.Count; i++)
        {
            if (string.Equals(Classes[i], className, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}

/// <summary>The attributes a dataset is labelled with, in label-vector order.</summary>
public sealed class AttributeSchema
{
    public AttributeSchema(IReadOnlyList<AttributeDefinition> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (!seen.Add(attribute.Name))
                throw new ArgumentException($"Attribute '{attribute.Name}' appears twice.", nameof(attributes));
        }
        Attributes = attributes;
    }

    public static AttributeSchema Empty { get; } = new([]);

    public IReadOnlyList<AttributeDefinition> Attributes { get; }

    public int Count => Attributes.Count;

    public int IndexOf(string attributeName)
    {
        for (int i = 0; i < Attributes.Count; i++)
        {
            if (string.Equals(Attributes[i].Name, attributeName, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    /// <summary>The class name of each label, empty where not applicable.</summary>
    public IReadOnlyList<string> ClassNames(IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var names = new string[Count];
        for (int i = 0; i < Count; i++)
            names[i] = labels[i] == AttributeDefinition.NotApplicable ? "" : Attributes[i].Classes[labels[i]];
        return names;
    }
}
