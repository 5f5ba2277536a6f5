using Google.Protobuf.Collections;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Serving;

namespace TwinGan.Translator;

/// <summary>A translation's settings once validated against the loaded model version (no image decoded yet).</summary>
internal sealed record TranslationParameters(
    TranslationKey Key, IReadOnlyDictionary<string, float>? Attributes, EncodedImageFormat Format, int Quality, int OutputSize);

/// <summary>What one translation needs once its images are decoded and cropped.</summary>
internal sealed record TranslationPlan(TranslationParameters Parameters, TranslationInput Input, PreparedImage Prepared);

/// <summary>
/// Validates a translation against the model version that will serve it (domains are the bundle's strings;
/// conditioning only when the bundle has it), then prepares its images. Validation comes first and decodes
/// nothing, so a cache hit skips the decoding too. Throws the statuses of docs/protos.md.
/// </summary>
internal static class TranslationRequests
{
    public static TranslationParameters Validate(ServableModelInfo info, LimitsOptions limits, string prefix, TranslateRequest request)
    {
        if (request.Image is null || request.Image.Data.IsEmpty) RpcErrors.ThrowInvalidArgument(prefix + "image.data", "is empty");
        CheckDomain(info, prefix + "source_domain", request.SourceDomain);
        CheckDomain(info, prefix + "target_domain", request.TargetDomain);
        var output = request.Output;
        var size = output?.Size ?? 0;
        if (size < 0 || size > limits.MaxOutputSide)
            RpcErrors.ThrowInvalidArgument(prefix + "output.size", $"must be 0 (model resolution) or 1..{limits.MaxOutputSide} (Limits:MaxOutputSide)");
        if (HasStyle(request) && info.StyleDimension == 0)
            RpcErrors.ThrowFailedPrecondition($"{info.Name} {info.Version} was trained without a style encoder; omit style_reference.");
        var attributes = Attributes(info, prefix, request.TargetAttributes);
        var quality = output?.Quality is > 0 and <= 100 ? output.Quality : 90;
        return new TranslationParameters(new TranslationKey(request.SourceDomain, request.TargetDomain), attributes,
            Format(output?.Format ?? ImageFormat.Unspecified), quality, size == 0 ? info.Resolution : size);
    }

    /// <summary>Decodes and crops the request's image (and style reference) to the model's resolution.</summary>
    public static TranslationPlan Prepare(
        ServableModelInfo info, ImagePreparation images, string prefix, TranslateRequest request, TranslationParameters parameters)
    {
        var prepared = Prepare(images, prefix + "image.data", request.Image.Data.Span, info.Resolution, request.FaceCrop);
        var style = HasStyle(request)
            ? Prepare(images, prefix + "style_reference.data", request.StyleReference.Data.Span, info.Resolution, faceCrop: false).Image
            : null;
        return new TranslationPlan(parameters, new TranslationInput(prepared.Image, style, parameters.Attributes), prepared);
    }

    private static bool HasStyle(TranslateRequest request) => request.StyleReference is { Data.IsEmpty: false };

    private static EncodedImageFormat Format(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => EncodedImageFormat.Jpeg,
        ImageFormat.Webp => EncodedImageFormat.Webp,
        _ => EncodedImageFormat.Png,
    };

    private static void CheckDomain(ServableModelInfo info, string field, string domain)
    {
        if (!info.Domains.Contains(domain))
            RpcErrors.ThrowInvalidArgument(field, $"'{domain}' is not a domain of {info.Name} {info.Version} ({string.Join(", ", info.Domains)})");
    }

    private static PreparedImage Prepare(ImagePreparation images, string field, ReadOnlySpan<byte> data, int resolution, bool faceCrop)
    {
        try
        {
            return images.Prepare(data.ToArray(), resolution, faceCrop);
        }
        catch (ImageDecodeException e)
        {
            throw ServingErrors.ForImage(field, e);
        }
    }

    /// <summary>
    /// Target attributes as the model's float labels: a flag or number sets the label of that name; a label value
    /// sets <c>name:value</c> (one class of a categorical attribute, e.g. hair_color = green).
    /// </summary>
    private static Dictionary<string, float>? Attributes(ServableModelInfo info, string prefix, MapField<string, AttributeValue> requested)
    {
        if (requested.Count == 0) return null;
        if (info.Attributes.Count == 0)
            RpcErrors.ThrowFailedPrecondition($"{info.Name} {info.Version} was trained without attribute conditioning; omit target_attributes.");
        var known = info.Attributes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (name, value) in requested)
        {
            var (label, number) = value.ValueCase switch
            {
                AttributeValue.ValueOneofCase.Label => ($"{name}:{value.Label}", 1f),
                AttributeValue.ValueOneofCase.Flag => (name, value.Flag ? 1f : 0f),
                AttributeValue.ValueOneofCase.Number => (name, value.Number),
                _ => (name, float.NaN),
            };
            if (!known.Contains(label) || !float.IsFinite(number))
                RpcErrors.ThrowInvalidArgument($"{prefix}target_attributes[{name}]", $"'{label}' is not a label of this model (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
            result[label] = number;
        }
        return result;
    }
}
