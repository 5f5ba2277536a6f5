namespace TwinGan.Serving;

/// <summary>Which models a Translator/Embedder serves and where their bundles are. Bound from <c>Models</c>.</summary>
public sealed class ModelsOptions
{
    public const string Section = "Models";

    /// <summary>Model used when a request names none.</summary>
    public string Default { get; set; } = "twin-faces";

    /// <summary>Models to load; empty serves every model in the registry. Readiness waits for each listed model.</summary>
    public List<string> Serve { get; set; } = [];

    /// <summary>
    /// Model store: bundles at <c>&lt;StoreRoot&gt;/&lt;name&gt;/&lt;version&gt;/</c> (a shared volume in Kubernetes).
    /// Empty means <c>&lt;Storage:File:Root&gt;/models</c>.
    /// </summary>
    public string StoreRoot { get; set; } = "";

    /// <summary>Earlier versions kept loaded after a swap, so requests (and a reindex) can still pin them.</summary>
    public int KeepPreviousVersions { get; set; } = 1;

    /// <summary>Where the models run: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (a CUDA build of LibTorch — the
    /// <c>-cuda</c> images — and a visible GPU are required; the host refuses to start otherwise).</summary>
    public string Device { get; set; } = "cpu";
}
