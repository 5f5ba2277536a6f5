using TwinGan.Data.Imaging;
using TwinGan.Model.Inference;

namespace TwinGan.Evaluation.Tests;

/// <summary>
/// A "translator" that looks an input up among the evaluation's test images and returns the test image of the
/// target domain at <c>twin(index)</c>; embeds test image i of the first domain as the one-hot e_twin(i) and of the
/// second as e_i. twin = identity is the perfect translator; any other mapping pairs images with the wrong twin.
/// </summary>
internal sealed class OracleTwinModel : ITwinModel
{
    private readonly EvaluationData data;
    private readonly Func<int, int> twin;
    private readonly Dictionary<string, (string Domain, int Index)> index = new(StringComparer.Ordinal);

    public OracleTwinModel(EvaluationData data, Func<int, int>? twin = null)
    {
        (this.data, this.twin) = (data, twin ?? (i => i));
        foreach (var domain in data.Domains)
        {
            for (var i = 0; i < domain.Test.Count; i++)
                index[Key(domain.Test[i].Image)] = (domain.Name, i);
        }
    }

    public IReadOnlyList<string> Domains => [.. data.Domains.Select(d => d.Name)];

    public int Resolution => data.Resolution;

    public IReadOnlyList<RgbImage> Translate(IReadOnlyList<RgbImage> images, string fromDomain, string toDomain)
    {
        var target = data.Domains.Single(d => d.Name == toDomain);
        return [.. images.Select(image => Find(image, fromDomain)).Select(i => target.Test[fromDomain == toDomain ? i : twin(i)].Image)];
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<RgbImage> images, string domain, EmbeddingLayout layout)
    {
        var count = data.First.Test.Count;
        return [.. images.Select(image => Find(image, domain)).Select(i =>
        {
            var vector = new float[count];
            vector[domain == data.First.Name ? twin(i) : i] = 1;
            return vector;
        })];
    }

    private int Find(RgbImage image, string domain)
    {
        var (found, i) = index[Key(image)];
        Assert.Equal(domain, found);
        return i;
    }

    private static string Key(RgbImage image) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(image.Pixels));
}

/// <summary>Returns every input unchanged and embeds images as their mean colour: a translator that learnt nothing.</summary>
internal sealed class IdentityTwinModel(EvaluationData data) : ITwinModel
{
    public IReadOnlyList<string> Domains => [.. data.Domains.Select(d => d.Name)];

    public int Resolution => data.Resolution;

    public IReadOnlyList<RgbImage> Translate(IReadOnlyList<RgbImage> images, string fromDomain, string toDomain) => images;

    public IReadOnlyList<float[]> Embed(IReadOnlyList<RgbImage> images, string domain, EmbeddingLayout layout) =>
        [.. images.Select(i => Enumerable.Range(0, 3).Select(c => (float)i.Pixels.Where((_, k) => k % 3 == c).Average(p => p))).Select(v => v.ToArray())];
}
