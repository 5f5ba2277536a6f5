using System.Text;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;

namespace TwinGan.Cli.Client;

/// <summary>One file to index and the item it becomes.</summary>
internal sealed record IndexEntry(string Id, string Path, string RelativePath);

/// <summary>What an indexing run did: items durable, items refused (with why), and the change offset to read them back.</summary>
internal sealed record IndexResult(int Indexed, IReadOnlyList<(IndexEntry Entry, CliError Error)> Failures, string ChangeOffset);

/// <summary>
/// Bulk upsert of image files through Search's UpsertStream: items go out with increasing sequence numbers, at most
/// <see cref="MaxInFlight"/> unacknowledged (so a large folder is never all in memory); a bad file is reported in its
/// ack and the stream goes on.
/// </summary>
internal static class GalleryIndexer
{
    private const int MaxInFlight = 32;

    public sealed record Settings(string Domain, IReadOnlyList<string> Tags, IDictionary<string, string> Metadata,
        bool FaceCrop, bool Thumbnails, string? UriPrefix);

    /// <summary>Entries for the images under <paramref name="folder"/>, ids from their relative paths.</summary>
    public static IReadOnlyList<IndexEntry> FromFolder(string folder, string idPrefix)
    {
        if (!Directory.Exists(folder)) throw new UsageException($"folder not found: {folder}");
        return [.. ImageFiles.InFolder(folder).Select(f =>
        {
            var relative = ImageFiles.RelativeId(folder, f);
            return new IndexEntry(ToId(idPrefix + relative), f, relative);
        })];
    }

    /// <summary>Gallery ids are 1..256 characters of [A-Za-z0-9._:/@+-]; other characters become '_'.</summary>
    public static string ToId(string path)
    {
        var id = new StringBuilder(path.Length);
        foreach (var c in path)
            id.Append(char.IsAsciiLetterOrDigit(c) || "._:/@+-".Contains(c, StringComparison.Ordinal) ? c : '_');
        return id.Length <= 256 ? id.ToString() : id.ToString(id.Length - 256, 256);
    }

    public static async Task<IndexResult> RunAsync(SearchService.SearchServiceClient search, IReadOnlyList<IndexEntry> entries,
        Settings settings, Action<int, int> progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = search.UpsertStream(cancellationToken: stop.Token);
        using var slots = new SemaphoreSlim(MaxInFlight);
        var failures = new List<(IndexEntry, CliError)>();
        var done = 0;
        var changeOffset = "";
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < entries.Count; i++)
            {
                await slots.WaitAsync(stop.Token);
                var request = new UpsertStreamRequest { Sequence = (ulong)i + 1, Item = Item(entries[i], settings) };
                await call.RequestStream.WriteAsync(request, stop.Token);
            }
            await call.RequestStream.CompleteAsync();
        }, stop.Token);
        // A writer that fails (an unreadable file) cancels the call, or the reader would wait for acks forever.
        _ = writer.ContinueWith(_ => stop.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                foreach (var ack in response.Acks)
                {
                    slots.Release();
                    done++;
                    if (ack.Error is { } error) failures.Add((entries[(int)ack.Sequence - 1], CliError.From(error)));
                }
                if (response.ChangeOffset.Length > 0) changeOffset = response.ChangeOffset;
                progress(done, failures.Count);
            }
        }
        catch (Exception) when (writer.IsFaulted)
        {
            await writer;
        }
        finally
        {
            if (!writer.IsCompleted) await stop.CancelAsync();
            await Task.WhenAny(writer);
        }
        if (done < entries.Count)
            throw new RpcException(new Status(StatusCode.Unknown, $"the server ended the upload after acknowledging {done} of {entries.Count} items."));
        return new IndexResult(done - failures.Count, failures, changeOffset);
    }

    private static UpsertItem Item(IndexEntry entry, Settings settings)
    {
        var item = new UpsertItem
        {
            Id = entry.Id,
            Domain = settings.Domain,
            Tags = { settings.Tags },
            Metadata = { settings.Metadata },
            Image = new ImageContent { Image = ImageFiles.Load(entry.Path), FaceCrop = settings.FaceCrop, GenerateThumbnail = settings.Thumbnails },
        };
        item.Metadata["path"] = entry.RelativePath;
        if (settings.UriPrefix is not null) item.ImageUri = settings.UriPrefix + Uri.EscapeDataString(entry.RelativePath).Replace("%2F", "/", StringComparison.Ordinal);
        return item;
    }
}
