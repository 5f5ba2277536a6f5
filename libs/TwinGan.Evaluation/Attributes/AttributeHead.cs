namespace TwinGan.Evaluation.Attributes;

/// <summary>One classifier head: an attribute of the schema and its number of classes.</summary>
public sealed record AttributeHead(string Name, int Classes);
