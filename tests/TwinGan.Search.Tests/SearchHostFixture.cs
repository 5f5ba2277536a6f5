using TwinGan.Search.Tests.Infrastructure;

namespace TwinGan.Search.Tests;

/// <summary>One Search host (File provider, domains photo and anime) shared by the functional tests of a class.</summary>
public sealed class SearchHostFixture : IAsyncLifetime
{
    internal HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await HostProcess.StartServiceAsync("Search", "--Search:Domains:0=photo", "--Search:Domains:1=anime",
            "--Limits:MaxImageBytes=1024");
        await Host.WaitUntilSearchServingAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
