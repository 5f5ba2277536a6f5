using TwinGan.Data.Augmentation;
using TwinGan.Data.Imaging;
using TwinGan.Data.Loading;
using TwinGan.Data.Readers;
using TwinGan.Data.Tests.Infrastructure;
using TwinGan.Data.TwinFaces;

namespace TwinGan.Data.Tests;

public class LoaderTests
{
    private static TwinFacesSource Source(int count) => new(TwinFacesSplits.TrainSplit(FaceDomain.Anime, count, seed: 8), 16);

    private static async Task<List<ImageBatch>> ReadAll(StreamingLoader loader, int epoch, int skip = 0)
    {
        var batches = new List<ImageBatch>();
        await foreach (var batch in loader.ReadEpochAsync(epoch, skip))
            batches.Add(batch);
        return batches;
    }

    [Fact]
    public async Task ReadEpoch_TenImagesBatchFour_ThreeBatchesCoveringAllOnce()
    {
        var loader = new StreamingLoader(Source(10), new LoaderOptions(4, Seed: 1) { Workers = 2, PrefetchBatches = 2 });
        var batches = await ReadAll(loader, epoch: 0);
        Assert.Equal([4, 4, 2], batches.Select(b => b.Images.Count));
        Assert.Equal([0, 1, 2], batches.Select(b => b.Index));
        Assert.All(batches, b => Assert.Equal("anime", b.Domain));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Order(), batches.SelectMany(b => b.Keys).Order());
        Assert.All(batches.SelectMany(b => b.Labels), l => Assert.Equal(TwinFacesSchema.Schema.Count, l.Count));
    }

    [Fact]
    public async Task ReadEpoch_SameSeedAndEpoch_SameOrderAndPixels_OtherEpochShuffled()
    {
        var options = new LoaderOptions(3, Seed: 5) { Transform = new RandomCropFlip(8), Workers = 2 };
        var a = await ReadAll(new StreamingLoader(Source(12), options), epoch: 2);
        var b = await ReadAll(new StreamingLoader(Source(12), options with { Workers = 1 }), epoch: 2);
        var other = await ReadAll(new StreamingLoader(Source(12), options), epoch: 3);
        Assert.Equal(a.SelectMany(x => x.Keys), b.SelectMany(x => x.Keys));
        Assert.Equal(a.SelectMany(x => x.Images).SelectMany(i => i.Pixels), b.SelectMany(x => x.Images).SelectMany(i => i.Pixels));
        Assert.NotEqual(a.SelectMany(x => x.Keys), other.SelectMany(x => x.Keys));
        Assert.All(a.SelectMany(x => x.Images), i => Assert.Equal(8, i.Width));
    }

    [Fact]
    public async Task ReadEpoch_DropLast_OnlyFullBatches()
    {
        var loader = new StreamingLoader(Source(10), new LoaderOptions(4, Seed: 1) { DropLast = true });
        Assert.Equal(2, loader.BatchesPerEpoch);
        Assert.All(await ReadAll(loader, 0), b => Assert.Equal(4, b.Images.Count));
    }

    [Fact]
    public async Task ReadEpoch_SkipBatches_ResumesWithTheSameBatches()
    {
        var loader = new StreamingLoader(Source(12), new LoaderOptions(3, Seed: 6));
        var full = await ReadAll(loader, epoch: 1);
        var resumed = await ReadAll(loader, epoch: 1, skip: 2);
        Assert.Equal(full.Skip(2).SelectMany(b => b.Keys), resumed.SelectMany(b => b.Keys));
        Assert.Equal(full[3].Images[0].Pixels, resumed[1].Images[0].Pixels);
    }

    [Fact]
    public async Task ReadEpoch_Cancelled_StopsWithOperationCanceled()
    {
        var loader = new StreamingLoader(Source(400), new LoaderOptions(4, Seed: 2) { PrefetchBatches = 2 });
        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var batch in loader.ReadEpochAsync(0, cancellationToken: cts.Token))
            {
                seen++;
                await cts.CancelAsync();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task ReadEpoch_BadImage_SkippedAndCounted()
    {
        using var dir = new TempDirectory();
        var good = TwinFacesRenderer.Render(TwinFacesSplits.TestSplit(FaceDomain.Photo, 1, 1)[0].Latent, FaceDomain.Photo, 16).EncodePng();
        File.WriteAllBytes(dir.Combine("a.png"), good);
        File.WriteAllBytes(dir.Combine("b.png"), good[..(good.Length / 2)]);
        File.WriteAllText(dir.Combine("c.jpg"), "not an image");
        File.WriteAllBytes(dir.Combine("d.png"), good);
        var source = new FileImageSource(ImageFolderReader.Read(dir.Path), "photo");
        var batches = await ReadAll(new StreamingLoader(source, new LoaderOptions(4, Seed: 1) { Shuffle = false }), 0);
        var batch = Assert.Single(batches);
        Assert.Equal(2, batch.Images.Count);
        Assert.Equal(2, batch.Skipped);
        Assert.Equal([dir.Combine("b.png"), dir.Combine("c.jpg")], source.Skipped.Keys.Order());
        Assert.Equal(16, batch.Images[1].Width);
    }

    [Fact]
    public void ImageDecoder_Truncated_NullWithReason()
    {
        var png = new RgbImage(32, 32, Enumerable.Range(0, 32 * 32 * 3).Select(i => (byte)(i * 7)).ToArray()).EncodePng();
        using var stream = new MemoryStream(png[..(png.Length - 40)]);
        Assert.Null(ImageDecoder.TryDecode(stream, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
