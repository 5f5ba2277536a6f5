using Grpc.Core;
using TwinGan.Contracts.Trainer.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests;

/// <summary>Optional bearer-key auth: guards every RPC but health; Trainer mutations need an admin key.</summary>
public sealed class AuthTests
{
    private const string UserKey = "user-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdef";

    private static Task<HostProcess> StartSecuredAsync() => HostProcess.StartEmbeddedAsync(
        "--Auth:Enabled=true",
        "--Auth:Keys:0:Name=app", $"--Auth:Keys:0:Key={UserKey}", "--Auth:Keys:0:Scope=User",
        "--Auth:Keys:1:Name=ops", $"--Auth:Keys:1:Key={AdminKey}", "--Auth:Keys:1:Scope=Admin");

    private static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };

    [Fact]
    public async Task Calls_AuthEnabled_EnforceKeysAndScopes()
    {
        await using var host = await StartSecuredAsync();
        var translator = new TranslatorService.TranslatorServiceClient(host.Channel);
        var trainer = new TrainerService.TrainerServiceClient(host.Channel);

        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(async () =>
            await translator.TranslateAsync(new TranslateRequest()))).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(async () =>
            await translator.TranslateAsync(new TranslateRequest(), Bearer("wrong-key-0123456789abcdef")))).StatusCode);
        Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(async () =>
            await translator.TranslateAsync(new TranslateRequest(), Bearer(UserKey)))).StatusCode);
        Assert.NotNull(await trainer.ListJobsAsync(new ListJobsRequest(), Bearer(UserKey)));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await trainer.StartJobAsync(new StartJobRequest(), Bearer(UserKey)))).StatusCode);
        // An admin key passes auth and reaches validation: an empty config is the caller's mistake.
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(async () =>
            await trainer.StartJobAsync(new StartJobRequest(), Bearer(AdminKey)))).StatusCode);
    }

    [Fact]
    public async Task Start_AuthEnabledWithoutKeys_RefusesToStart()
    {
        var (exitCode, output) = await HostProcess.RunToExitAsync("Translator",
            $"--Server:Port={FreePort.Next()}", "--Server:MetricsPort=0", "--Auth:Enabled=true");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Auth:Keys is empty", output);
    }
}
