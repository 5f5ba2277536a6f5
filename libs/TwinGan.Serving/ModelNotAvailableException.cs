namespace TwinGan.Serving;

/// <summary>A request named a model or version this process does not have loaded (services answer NotFound or Unavailable).</summary>
public sealed class ModelNotAvailableException(string message, bool modelKnown) : Exception(message)
{
    /// <summary>True when the model is served but the pinned version is not loaded, or nothing is loaded yet.</summary>
    public bool ModelKnown { get; } = modelKnown;
}
