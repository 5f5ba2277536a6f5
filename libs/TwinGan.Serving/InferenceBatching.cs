using TwinGan.Data.Imaging;

namespace TwinGan.Serving;

/// <summary>
/// The process's two batching queues (translations and embeddings). A request holds a lease on its model version,
/// so requests batch only with others on the same loaded version and the version cannot be released mid-batch.
/// </summary>
public sealed class InferenceBatching : IAsyncDisposable
{
    private readonly DynamicBatcher<(IServableModel, TranslationKey), TranslateItem, RgbImage> _translations;
    private readonly DynamicBatcher<(IServableModel, EmbeddingKey), EmbedItem, float[]> _embeddings;

    public InferenceBatching(BatchingOptions options)
    {
        _translations = new("translate", options, i => (i.Model, i.Key), (k, items) => k.Item1.Translate(k.Item2, items.Select(i => i.Input).ToList()),
            k => k.Item1.PreferredBatchSize);
        _embeddings = new("embed", options, i => (i.Model, i.Key), (k, items) => k.Item1.Embed(k.Item2, items.Select(i => i.Image).ToList()),
            k => k.Item1.PreferredBatchSize);
    }

    public Task<Batched<RgbImage>> TranslateAsync(IServableModel model, TranslationKey key, TranslationInput input, CancellationToken cancellationToken) =>
        _translations.EnqueueAsync(new TranslateItem(model, key, input), cancellationToken);

    public Task<Batched<float[]>> EmbedAsync(IServableModel model, EmbeddingKey key, RgbImage image, CancellationToken cancellationToken) =>
        _embeddings.EnqueueAsync(new EmbedItem(model, key, image), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _translations.DisposeAsync();
        await _embeddings.DisposeAsync();
    }

    private sealed record TranslateItem(IServableModel Model, TranslationKey Key, TranslationInput Input);

    private sealed record EmbedItem(IServableModel Model, EmbeddingKey Key, RgbImage Image);
}
