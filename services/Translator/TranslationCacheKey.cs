using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Serving;

namespace TwinGan.Translator;

/// <summary>
/// The cache key of a translation: SHA-256 over the model name and version, the input image bytes, and every
/// parameter that changes the output (domains, style reference bytes, attribute labels, face crop, format,
/// quality, size), each length-prefixed so no two requests share an encoding. SHA-256 rather than a fast
/// non-cryptographic hash: a client must not be able to craft an image whose key collides with another's.
/// </summary>
internal static class TranslationCacheKey
{
    private const string Schema = "translate/v1";

    public static string For(ServableModelInfo info, TranslateRequest request, TranslationParameters parameters)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Field(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        void Text(string text) => Field(Encoding.UTF8.GetBytes(text));

        Text(Schema);
        Text(info.Name);
        Text(info.Version);
        Text(parameters.Key.SourceDomain);
        Text(parameters.Key.TargetDomain);
        Field(request.Image.Data.Span);
        Text(request.Image.MediaType);
        Field(request.StyleReference is null ? default : request.StyleReference.Data.Span);
        Text(request.StyleReference?.MediaType ?? "");
        var attributes = parameters.Attributes ?? new Dictionary<string, float>();
        Text(attributes.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (label, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Text(label);
            Text(value.ToString("R", CultureInfo.InvariantCulture));
        }
        Text(request.FaceCrop ? "face" : "centre");
        Text(parameters.Format.ToString());
        Text(parameters.Quality.ToString(CultureInfo.InvariantCulture));
        Text(parameters.OutputSize.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
