using Microsoft.Extensions.Options;
using TwinGan.Contracts.Common.V1;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Serving;

/// <summary>
/// The model-facing part Translator and Embedder share: lease a model version named by a request's
/// <see cref="ModelRef"/> (mapping "not available" to NotFound/Unavailable) and describe loaded models.
/// </summary>
public sealed class ServedModels(ModelHost<IServableModel> host, IOptions<ModelsOptions> options)
{
    /// <summary>Leases the requested model (default when unnamed) at the pinned version (current when unset).</summary>
    public ModelLease<IServableModel> Acquire(ModelRef? model)
    {
        try
        {
            return host.Acquire(model?.Name, string.IsNullOrEmpty(model?.Version) ? null : model.Version);
        }
        catch (ModelNotAvailableException e)
        {
            throw ServingErrors.ForModel(e);
        }
    }

    /// <summary>
    /// Checks a batch RPC's item count against <paramref name="maxBatchSize"/> (<c>Limits:MaxBatchSize</c>) and pins one
    /// model version for every item: the returned reference names the version current now.
    /// </summary>
    public (ModelLease<IServableModel> Lease, ModelRef Pinned) AcquireForBatch(ModelRef? model, int count, int maxBatchSize)
    {
        if (count == 0) RpcErrors.ThrowInvalidArgument("requests", "must hold at least one item");
        if (count > maxBatchSize)
            RpcErrors.ThrowInvalidArgument("requests", $"holds {count} items; the limit is {maxBatchSize} (Limits:MaxBatchSize)");
        var lease = Acquire(model);
        return (lease, new ModelRef { Name = lease.Name, Version = lease.Version });
    }

    public ServedModel Describe(ModelRef? model)
    {
        using var lease = Acquire(model);
        return ServedModelMapper.ToProto(lease.Model.Info, host.LoadedVersions()[lease.Name], lease.Name == options.Value.Default);
    }

    public IEnumerable<ServedModel> DescribeAll() =>
        host.LoadedVersions().Keys.Select(name => Describe(new ModelRef { Name = name })).ToList();
}
