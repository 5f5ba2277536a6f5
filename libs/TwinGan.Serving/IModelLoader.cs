namespace TwinGan.Serving;

/// <summary>Loads one version of a named model from the model store and warms it up (first forward passes).</summary>
public interface IModelLoader<TModel>
    where TModel : class, IDisposable
{
    /// <summary>Loads and warms <paramref name="modelName"/> at <paramref name="version"/>; throws with a clear message when the bundle is unusable.</summary>
    TModel Load(string modelName, string version, CancellationToken cancellationToken);
}
