using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Testing;

public static class HealthProbe
{
    public static async Task<ServingStatus> CheckAsync(GrpcChannel channel, string service)
    {
        var reply = await new Health.HealthClient(channel).CheckAsync(
            new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(10));
        return reply.Status;
    }

    /// <summary>Polls until <paramref name="service"/> reports <paramref name="expected"/> (readiness settles after start).</summary>
    public static async Task<ServingStatus> WaitForAsync(GrpcChannel channel, string service, ServingStatus expected, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var last = ServingStatus.Unknown;
        while (DateTime.UtcNow < until)
        {
            last = await CheckAsync(channel, service);
            if (last == expected) return last;
            await Task.Delay(100);
        }
        return last;
    }

    public static Task<RpcException> ThrowsRpcAsync(Func<Task> call) => Assert.ThrowsAsync<RpcException>(call);
}
