using System.Diagnostics;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Gallery;
using TwinGan.Search.Storage;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Search.Grpc;

/// <summary>
/// One UpsertStream call. Items are validated (and embedded) as they arrive; valid ones are written in groups: a group
/// is written when no further message is already waiting, or when it reaches the group limit, so at most
/// min(64, Limits:MaxUpsertInFlight) items are unacknowledged and the server stops reading beyond that (HTTP/2 flow
/// control). Each response carries the acks of one group (after the group is durable), per-item errors and progress.
/// </summary>
internal sealed class UpsertStreamSession(GalleryService gallery, IServerStreamWriter<UpsertStreamResponse> responses, CancellationToken cancellationToken)
{
    private const int MaxGroup = 64;
    private readonly List<(ulong Sequence, ItemWrite Write)> _pending = [];
    private readonly List<UpsertAck> _failed = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _groupLimit = Math.Min(MaxGroup, gallery.Limits.MaxUpsertInFlight);
    private long _received, _done, _errors;
    private string _lastOffset = "";

    public async Task RunAsync(IAsyncStreamReader<UpsertStreamRequest> requests)
    {
        gallery.EnsureServing();
        ulong? last = null;
        while (true)
        {
            var next = requests.MoveNext(cancellationToken);
            if (!next.IsCompleted) await FlushAsync();
            if (!await next) break;
            var message = requests.Current;
            if (last is { } previous && message.Sequence <= previous)
                RpcErrors.ThrowInvalidArgument("sequence", $"sequence {message.Sequence} does not increase (previous {previous})");
            last = message.Sequence;
            _received++;
            await AcceptAsync(message);
            if (_pending.Count >= _groupLimit) await FlushAsync();
        }
        await FlushAsync();
    }

    private async Task AcceptAsync(UpsertStreamRequest message)
    {
        var item = message.Item ?? new UpsertItem();
        try
        {
            _pending.Add((message.Sequence, await gallery.PrepareAsync(item, "item", cancellationToken)));
        }
        catch (Exception e) when (e is ValidationException || (e is RpcException r && r.StatusCode != StatusCode.Cancelled))
        {
            _errors++;
            _failed.Add(new UpsertAck { Sequence = message.Sequence, Id = item.Id, Error = GalleryService.ToItemError(e) });
        }
    }

    private async Task FlushAsync()
    {
        if (_pending.Count == 0 && _failed.Count == 0) return;
        var response = new UpsertStreamResponse();
        if (_pending.Count > 0)
        {
            var outcomes = await GalleryService.Guard(() => gallery.WriteAsync([.. _pending.Select(p => p.Write)], cancellationToken));
            for (var i = 0; i < outcomes.Count; i++)
            {
                var (sequence, write) = _pending[i];
                response.Acks.Add(new UpsertAck
                {
                    Sequence = sequence, Id = write.Id,
                    Result = new UpsertResult { Id = write.Id, Created = outcomes[i].Created, ChangeOffset = outcomes[i].Offset.ToString(),
                        ModelVersion = GalleryItemModelVersion(write) },
                });
            }
            _done += outcomes.Count;
            _lastOffset = outcomes.Max(o => o.Offset).ToString();
            _pending.Clear();
        }
        response.Acks.AddRange(_failed);
        _failed.Clear();
        var completed = _done + _errors;
        response.Progress = new Progress { Completed = completed, Failed = _errors, RatePerSecond = completed / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3) };
        response.ChangeOffset = _lastOffset;
        await responses.WriteAsync(response, cancellationToken);
    }

    private static string GalleryItemModelVersion(ItemWrite write) => GalleryItem.Parser.ParseFrom(write.Item).ModelVersion;
}
