using TwinGan.Contracts.Search.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Search.Tests.Infrastructure;

/// <summary>The Search side of the shared <see cref="HostProcess"/>: its client and its readiness.</summary>
internal static class SearchHost
{
    extension(HostProcess host)
    {
        public SearchService.SearchServiceClient Search => new(host.Channel);

        public Task WaitUntilSearchServingAsync() =>
            host.WaitForAsync(SearchRegistration.ServiceName, ServingStatus.Serving, TimeSpan.FromSeconds(30));
    }
}
