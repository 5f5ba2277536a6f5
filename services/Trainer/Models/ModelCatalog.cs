using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.Trainer.Grpc;
using TwinGan.Trainer.Jobs;
using TwinGan.Trainer.Storage;

namespace TwinGan.Trainer.Models;

/// <summary>
/// Models in the model store (<c>&lt;store&gt;/&lt;name&gt;/&lt;version&gt;/</c>, the source of truth for versions) and the
/// registry (the current version per name): ListModels, GetModel, SetCurrentModelVersion. Publishing is in
/// <see cref="ModelPublisher"/>.
/// </summary>
internal sealed partial class ModelCatalog(ModelStore modelStore, IModelRegistry registry, IJobStore store, IOptions<LimitsOptions> limits, ILogger<ModelCatalog> logger)
{
    public async Task<ListModelsResponse> ListModelsAsync(ListModelsRequest request, CancellationToken cancellationToken)
    {
        var invalid = new List<Violation>();
        var size = PageTokens.Size(request.PageSize, limits.Value.MaxPageSize, invalid);
        var filter = PageTokens.Filter("models");
        var after = PageTokens.Read(request.PageToken, filter, invalid);
        RequestRejectedException.ThrowIfAny(invalid);
        var current = await RegistryAsync(r => r.ListAsync(cancellationToken));
        var names = modelStore.Names().Concat(current.Keys).Distinct(StringComparer.Ordinal)
            .Where(n => string.CompareOrdinal(n, after) > 0).Order(StringComparer.Ordinal).Take(size + 1).ToList();
        var response = new ListModelsResponse();
        foreach (var name in names.Take(size))
            response.Models.Add(await DescribeAsync(name, current.GetValueOrDefault(name) ?? "", null, cancellationToken));
        if (names.Count > size) response.NextPageToken = PageTokens.Write(filter, names[size - 1]);
        return response;
    }

    public async Task<RegisteredModel> GetModelAsync(GetModelRequest request, CancellationToken cancellationToken)
    {
        RequireName(request.Name, "name");
        if (request.Version.Length > 0 && !Names.IsVersion(request.Version))
            RequestRejectedException.ThrowIfAny([new("version", "1..64 characters of [A-Za-z0-9._-]", "INVALID_ID")]);
        var current = await RegistryAsync(r => r.GetCurrentVersionAsync(request.Name, cancellationToken)) ?? "";
        if (current.Length == 0 && modelStore.Versions(request.Name).Count == 0) RpcErrors.ThrowNotFound($"no model is named '{request.Name}'");
        if (request.Version.Length > 0 && !modelStore.Has(request.Name, request.Version))
            RpcErrors.ThrowNotFound($"model '{request.Name}' has no version '{request.Version}'");
        return await DescribeAsync(request.Name, current, request.Version.Length > 0 ? request.Version : null, cancellationToken);
    }

    public async Task<RegisteredModel> SetCurrentModelVersionAsync(SetCurrentModelVersionRequest request, CancellationToken cancellationToken)
    {
        RequireName(request.Name, "name");
        if (!Names.IsVersion(request.Version))
            RequestRejectedException.ThrowIfAny([new("version", request.Version.Length == 0 ? "required" : "1..64 characters of [A-Za-z0-9._-]",
                request.Version.Length == 0 ? "REQUIRED" : "INVALID_ID")]);
        if (!modelStore.Has(request.Name, request.Version))
            RpcErrors.ThrowNotFound($"model '{request.Name}' has no version '{request.Version}' in the model store");
        var current = await RegistryAsync(r => r.GetCurrentVersionAsync(request.Name, cancellationToken));
        if (current != request.Version)
        {
            await RegistryAsync(async r =>
            {
                await r.SetCurrentVersionAsync(request.Name, request.Version, cancellationToken);
                return true;
            });
            TrainerLog.CurrentVersionSet(logger, request.Name, request.Version);
        }
        return await DescribeAsync(request.Name, request.Version, null, cancellationToken);
    }

    /// <summary>A model with its versions newest first; with <paramref name="onlyVersion"/>, that version with training options.</summary>
    public async Task<RegisteredModel> DescribeAsync(string name, string current, string? onlyVersion, CancellationToken cancellationToken)
    {
        var publishes = await store.GetPublishesAsync(name, cancellationToken);
        var model = new RegisteredModel { Name = name, CurrentVersion = current };
        var versions = onlyVersion is null ? modelStore.Versions(name) : [onlyVersion];
        foreach (var version in versions)
        {
            var view = Version(name, version, current, publishes.GetValueOrDefault(version), includeTrainingOptions: onlyVersion is not null);
            if (view is not null) model.Versions.Add(view);
        }
        var ordered = model.Versions.OrderByDescending(v => v.PublishTime).ThenByDescending(v => NaturalKey(v.Version), StringComparer.Ordinal).ToList();
        model.Versions.Clear();
        model.Versions.AddRange(ordered);
        var currentView = ordered.FirstOrDefault(v => v.IsCurrent);
        if (currentView is not null) model.UpdateTime = currentView.PublishTime;
        return model;
    }

    public ModelVersion? Version(string name, string version, string current, PublishRecord? record, bool includeTrainingOptions)
    {
        var dir = modelStore.DirectoryFor(name, version);
        var manifest = ManifestMapper.Read(dir);
        if (manifest is null) return null;
        var proto = ManifestMapper.ToProto(manifest, dir, includeTrainingOptions);
        return new ModelVersion
        {
            ModelName = name,
            Version = version,
            Manifest = proto,
            PublishTime = record is null ? proto.CreateTime : Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(record.PublishTimeMs)),
            IsCurrent = version == current,
            Description = record?.Description ?? "",
        };
    }

    /// <summary>Registry calls fail fast while the provider is down: UNAVAILABLE.</summary>
    public async Task<T> RegistryAsync<T>(Func<IModelRegistry, Task<T>> call)
    {
        try
        {
            return await call(registry);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or IOException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the model registry is unreachable; retry with backoff"));
        }
    }

    private static string NaturalKey(string version) => NumberPattern().Replace(version, m => m.Value.PadLeft(20, '0'));

    [GeneratedRegex("[0-9]+")]
    private static partial Regex NumberPattern();

    private static void RequireName(string name, string field)
    {
        if (!Names.IsModelName(name))
            RequestRejectedException.ThrowIfAny([new(field, name.Length == 0 ? "required" : "1..63 characters of [a-z0-9-]", name.Length == 0 ? "REQUIRED" : "INVALID_NAME")]);
    }
}
