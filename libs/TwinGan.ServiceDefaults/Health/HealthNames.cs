namespace TwinGan.ServiceDefaults.Health;

/// <summary>
/// Names used by <c>grpc.health.v1</c> here. <c>""</c> is the whole process (every hosted service and its
/// dependencies ready: the readiness probe of an all-in-one host); each service's full proto name is that
/// service's readiness; <see cref="Liveness"/> is SERVING whenever the process answers (the liveness probe).
/// </summary>
public static class HealthNames
{
    public const string Overall = "";
    public const string Liveness = "liveness";

    /// <summary>Tag of the check behind <see cref="Liveness"/>.</summary>
    internal const string LivenessTag = "twingan-liveness";

    /// <summary>Tag of checks every hosted service depends on (the storage provider).</summary>
    internal const string SharedDependencyTag = "twingan-dependency";
}
