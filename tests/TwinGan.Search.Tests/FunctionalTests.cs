using Google.Protobuf;
using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Search.V1;
using TwinGan.Search.Tests.Infrastructure;

namespace TwinGan.Search.Tests;

/// <summary>The Search RPCs through a real host process (File provider).</summary>
public sealed class FunctionalTests(SearchHostFixture fixture) : IClassFixture<SearchHostFixture>
{
    private SearchService.SearchServiceClient Client => fixture.Host.Search;

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(10);

    private async Task<UpsertItemsResponse> UpsertAsync(params UpsertItem[] items)
    {
        var request = new UpsertItemsRequest();
        request.Items.AddRange(items);
        try
        {
            return await Client.UpsertItemsAsync(request, deadline: Deadline);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unknown or StatusCode.Internal)
        {
            throw new InvalidOperationException($"server failed: {fixture.Host.Output}", e);
        }
    }

    [Fact]
    public async Task FindTwins_ByEmbeddingAndById_NearestInTargetDomainWithoutSelf()
    {
        await UpsertAsync(TestData.Item("f-photo", 100, "photo"), TestData.Item("f-anime-near", 100, "anime", "license:cc"),
            TestData.Item("f-anime-far", 101, "anime"));
        var byEmbedding = await Client.FindTwinsAsync(new FindTwinsRequest
        {
            Embedding = TestData.Embedding(TestData.Vector(100), "photo"), K = 100, TargetDomain = "anime",
        }, deadline: Deadline);
        Assert.Equal("f-anime-near", byEmbedding.Twins[0].Item.Id);
        Assert.Equal(1f, byEmbedding.Twins[0].Score, 3);
        Assert.All(byEmbedding.Twins, t => Assert.Equal("anime", t.Item.Domain));
        Assert.Null(byEmbedding.Twins[0].Item.Embedding);

        var byId = await Client.FindTwinsAsync(new FindTwinsRequest { ItemId = "f-anime-near", K = 100, TargetDomain = "anime" }, deadline: Deadline);
        Assert.DoesNotContain(byId.Twins, t => t.Item.Id == "f-anime-near");
        Assert.Contains(byId.Twins, t => t.Item.Id == "f-anime-far");

        var tagged = await Client.FindTwinsAsync(new FindTwinsRequest
        {
            ItemId = "f-photo", K = 10, TagFilter = new TagFilter { AllOf = { "license:cc" } },
        }, deadline: Deadline);
        Assert.Equal("f-anime-near", Assert.Single(tagged.Twins).Item.Id);
    }

    [Fact]
    public async Task Upsert_ThenGetListDelete_RoundTrips()
    {
        var written = await UpsertAsync(TestData.Item("g-1", 1), TestData.Item("g-2", 2), TestData.Item("g-3", 3));
        Assert.All(written.Results, r => Assert.True(r.Created));
        var again = await UpsertAsync(TestData.Item("g-1", 4));
        Assert.False(again.Results[0].Created);

        var item = await Client.GetItemAsync(new GetItemRequest { Id = "g-1", IncludeEmbedding = true }, deadline: Deadline);
        Assert.Equal(TestData.Vector(4), item.Embedding.Values);
        Assert.Equal(TestData.Version, item.ModelVersion);
        Assert.True(item.UpdateTime.ToDateTime() >= item.CreateTime.ToDateTime());

        var ids = new List<string>();
        var request = new ListItemsRequest { PageSize = 2, Domain = "anime" };
        do
        {
            var page = await Client.ListItemsAsync(request, deadline: Deadline);
            ids.AddRange(page.Items.Select(i => i.Id));
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Contains("g-3", ids);

        var badToken = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ListItemsAsync(new ListItemsRequest { PageToken = "bm9wZQ==" }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);

        var deleted = await Client.DeleteItemsAsync(new DeleteItemsRequest { Ids = { "g-2", "g-missing" } }, deadline: Deadline);
        Assert.Equal(1, deleted.DeletedCount);
        Assert.Equal(["g-missing"], deleted.NotFoundIds);
        var gone = await Assert.ThrowsAsync<RpcException>(() => Client.GetItemAsync(new GetItemRequest { Id = "g-2" }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);

        var stats = await Client.GetStatsAsync(new GetStatsRequest(), deadline: Deadline);
        Assert.Equal(TestData.Dimension, stats.Dimension);
        Assert.True(stats.ItemsPerDomain["anime"] >= 2);
        Assert.Equal(TestData.Version, stats.ModelVersion);
    }

    public static TheoryData<string> BadUpserts => ["dimension", "nan", "infinity", "domain", "image", "id", "version", "duplicate"];

    [Theory]
    [MemberData(nameof(BadUpserts))]
    public async Task Upsert_BadItem_RejectedAndNothingWritten(string problem)
    {
        await UpsertAsync(TestData.Item("seed-item", 9));
        var before = await Client.GetStatsAsync(new GetStatsRequest(), deadline: Deadline);
        var good = TestData.Item($"bad-{problem}-ok", 10);
        var bad = TestData.Item($"bad-{problem}", 11);
        var expected = StatusCode.InvalidArgument;
        switch (problem)
        {
            case "dimension": bad.Embedding = TestData.Embedding(TestData.Vector(1, TestData.Dimension + 1)); break;
            case "nan": bad.Embedding.Values[3] = float.NaN; break;
            case "infinity": bad.Embedding.Values[0] = float.PositiveInfinity; break;
            case "domain": bad.Domain = "cat"; break;
            case "image": bad.Image = new ImageContent { Image = new Image { Data = ByteString.CopyFrom(new byte[2048]) } }; break;
            case "id": bad.Id = "has space"; break;
            case "version": bad.Embedding.ModelVersion = "v0"; expected = StatusCode.FailedPrecondition; break;
            case "duplicate": bad.Id = good.Id; break;
        }
        var e = await Assert.ThrowsAsync<RpcException>(() => UpsertAsync(good, bad));
        Assert.Equal(expected, e.StatusCode);
        if (expected == StatusCode.InvalidArgument) Assert.Contains("items[1]", e.Status.Detail, StringComparison.Ordinal);
        var after = await Client.GetStatsAsync(new GetStatsRequest(), deadline: Deadline);
        Assert.Equal(before.AppliedChangeOffset, after.AppliedChangeOffset);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetItemAsync(new GetItemRequest { Id = good.Id }, deadline: Deadline).ResponseAsync)).StatusCode);
    }

    public static TheoryData<string, StatusCode> BadQueries => new()
    {
        { "k0", StatusCode.InvalidArgument }, { "k-over", StatusCode.InvalidArgument }, { "ef-under-k", StatusCode.InvalidArgument },
        { "domain", StatusCode.InvalidArgument }, { "nan", StatusCode.InvalidArgument }, { "dimension", StatusCode.InvalidArgument },
        { "unknown-id", StatusCode.NotFound }, { "offset", StatusCode.InvalidArgument }, { "future-offset", StatusCode.Unavailable },
        { "empty", StatusCode.InvalidArgument },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task FindTwins_BadQuery_ProperStatus(string problem, StatusCode expected)
    {
        await UpsertAsync(TestData.Item("q-seed", 20));
        var request = new FindTwinsRequest { Embedding = TestData.Embedding(TestData.Vector(5)), K = 5 };
        switch (problem)
        {
            case "k0": request.K = 0; break;
            case "k-over": request.K = 101; break;
            case "ef-under-k": request.Ef = 2; break;
            case "domain": request.TargetDomain = "cat"; break;
            case "nan": request.Embedding.Values[1] = float.NaN; break;
            case "dimension": request.Embedding = TestData.Embedding(TestData.Vector(5, 8)); break;
            case "unknown-id": request.ItemId = "no-such-item"; break;
            case "offset": request.MinChangeOffset = "garbage"; break;
            case "future-offset": request.MinChangeOffset = "999999999-0"; break;
            case "empty": request.ClearQuery(); break;
        }
        var e = await Assert.ThrowsAsync<RpcException>(() => Client.FindTwinsAsync(request, deadline: Deadline).ResponseAsync);
        Assert.Equal(expected, e.StatusCode);
    }

    [Fact]
    public async Task UpsertStream_BadItemAckedWithErrorOthersDurable()
    {
        using var call = Client.UpsertStream(deadline: Deadline);
        for (ulong i = 1; i <= 20; i++)
        {
            var item = TestData.Item($"s-{i}", (int)i + 200);
            if (i == 7) item.Embedding.Values[0] = float.NaN;
            await call.RequestStream.WriteAsync(new UpsertStreamRequest { Sequence = i, Item = item });
        }
        await call.RequestStream.CompleteAsync();
        var acks = new List<UpsertAck>();
        await foreach (var response in call.ResponseStream.ReadAllAsync()) acks.AddRange(response.Acks);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)i), acks.Select(a => a.Sequence).Order());
        var failed = Assert.Single(acks, a => a.Error is not null);
        Assert.Equal(7ul, failed.Sequence);
        Assert.Equal("EMBEDDING_NOT_FINITE", failed.Error.FieldViolations[0].Reason);
        var stored = await Client.GetItemAsync(new GetItemRequest { Id = "s-20" }, deadline: Deadline);
        Assert.Equal("anime", stored.Domain);
    }

    [Fact]
    public async Task UpsertStream_SequenceNotIncreasing_EndsInvalidArgument()
    {
        using var call = Client.UpsertStream(deadline: Deadline);
        await call.RequestStream.WriteAsync(new UpsertStreamRequest { Sequence = 5, Item = TestData.Item("seq-a", 1) });
        await call.RequestStream.WriteAsync(new UpsertStreamRequest { Sequence = 5, Item = TestData.Item("seq-b", 2) });
        await call.RequestStream.CompleteAsync();
        var e = await Assert.ThrowsAsync<RpcException>(async () => { await foreach (var _ in call.ResponseStream.ReadAllAsync()) { } });
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task Reindex_SameVersionNewParams_RebuildsSwitchesAndKeepsAnswering()
    {
        await UpsertAsync(TestData.Item("ri-1", 300), TestData.Item("ri-2", 301), TestData.Item("ri-3", 302, "photo"));
        var query = new FindTwinsRequest { Embedding = TestData.Embedding(TestData.Vector(300)), K = 1, TargetDomain = "anime" };
        var before = await Client.FindTwinsAsync(query, deadline: Deadline);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            Client.StartReindexAsync(new StartReindexRequest(), deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var request = new StartReindexRequest { ModelVersion = TestData.Version, IndexParams = new IndexParams { M = 8, EfConstruction = 40 }, RequestId = "req-1" };
        var started = await Client.StartReindexAsync(request, deadline: Deadline);
        Assert.Equal(started.Id, (await Client.StartReindexAsync(request, deadline: Deadline)).Id);
        var states = new List<ReindexState>();
        using (var watch = Client.WatchReindex(new WatchReindexRequest { ReindexId = started.Id }, deadline: DateTime.UtcNow.AddSeconds(60)))
        {
            await foreach (var op in watch.ResponseStream.ReadAllAsync())
            {
                states.Add(op.State);
                Assert.Equal("anime", (await Client.FindTwinsAsync(query, deadline: Deadline)).Twins[0].Item.Domain);
            }
        }

        Assert.Equal(ReindexState.Succeeded, states[^1]);
        var status = await Client.GetReindexStatusAsync(new GetReindexStatusRequest(), deadline: Deadline);
        Assert.Equal((started.Id, TestData.Version, TestData.Version), (status.Id, status.FromModelVersion, status.ToModelVersion));
        Assert.Equal(status.Progress.Total, status.Progress.Completed);
        Assert.Equal(0, status.Progress.Failed);
        var stats = await Client.GetStatsAsync(new GetStatsRequest(), deadline: Deadline);
        Assert.Equal((8, 40), (stats.IndexParams.M, stats.IndexParams.EfConstruction));
        Assert.Null(stats.ActiveReindex);
        Assert.Equal(before.Twins[0].Item.Id, (await Client.FindTwinsAsync(query, deadline: Deadline)).Twins[0].Item.Id);
        var cancelDone = await Assert.ThrowsAsync<RpcException>(() =>
            Client.CancelReindexAsync(new CancelReindexRequest { ReindexId = started.Id }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, cancelDone.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetReindexStatusAsync(new GetReindexStatusRequest { ReindexId = "nope" }, deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
