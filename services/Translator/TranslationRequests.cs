using Google.Protobuf.Collections;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.Serving;

namespace TwinGan.Translator;

/// <summary>What one translation needs once validated against the loaded model version.</summary>
internal sealed record TranslationPlan(TranslationKey Key, TranslationInput Input, PreparedImage Prepared, EncodedImageFormat Format, int Quality, int OutputSize);

/// <summary>
/// Validates a translation against the model version that will serve it (domains are the bundle's strings;
/// conditioning only when the bundle has it) and prepares its images. Throws the statuses of docs/protos.md.
/// </summary>
internal static class TranslationRequests
{
    public static TranslationPlan Plan(
        ServableModelInfo info, ImagePreparation images, LimitsOptions limits, string prefix,
        Image? image, string source, string target, Image? styleReference,
        MapField<string, AttributeValue> attributes, OutputOptions? output, bool faceCrop)
    {
        if (image is null || image.Data.IsEmpty) RpcErrors.ThrowInvalidArgument(prefix + "image.data", "is empty");
        CheckDomain(info, prefix + "source_domain", source);
        CheckDomain(info, prefix + "target_domain", target);
        if (source == target) RpcErrors.ThrowInvalidArgument(prefix + "target_domain", "must differ from source_domain");
        var size = output?.Size ?? 0;
        if (size < 0 || size > limits.MaxOutputSide)
            RpcErrors.ThrowInvalidArgument(prefix + "output.size", $"must be 0 (model resolution) or 1..{limits.MaxOutputSide} (Limits:MaxOutputSide)");
        var prepared = Prepare(images, prefix + "image.data", image.Data.ToByteArray(), info.Resolution, faceCrop);
        RgbImage? style = null;
        if (styleReference is not null && !styleReference.Data.IsEmpty)
        {
            if (info.StyleDimension == 0)
                RpcErrors.ThrowFailedPrecondition($"{info.Name} {info.Version} was trained without a style encoder; omit style_reference.");
            style = Prepare(images, prefix + "style_reference.data", styleReference.Data.ToByteArray(), info.Resolution, faceCrop: false).Image;
        }
        var input = new TranslationInput(prepared.Image, style, Attributes(info, prefix, attributes));
        var quality = output?.Quality is > 0 and <= 100 ? output.Quality : 90;
        return new TranslationPlan(new TranslationKey(source, target), input, prepared, Format(output?.Format ?? ImageFormat.Unspecified), quality, size == 0 ? info.Resolution : size);
    }

    public static ImageFormat ToProto(EncodedImageFormat format) => format switch
    {
        EncodedImageFormat.Jpeg => ImageFormat.Jpeg,
        EncodedImageFormat.Webp => ImageFormat.Webp,
        _ => ImageFormat.Png,
    };

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

    private static PreparedImage Prepare(ImagePreparation images, string field, byte[] data, int resolution, bool faceCrop)
    {
        try
        {
            return images.Prepare(data, resolution, faceCrop);
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
