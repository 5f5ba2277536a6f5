using Google.Rpc;
using Grpc.Core;
using TwinGan.ServiceDefaults.Grpc;
using TwinGan.ServiceDefaults.Health;
using TwinGan.ServiceDefaults.Security;
using TwinGan.ServiceDefaults.Storage;

namespace TwinGan.Services.Tests;

public sealed class ServiceDefaultsUnitTests
{
    [Fact]
    public void InvalidArgument_TwoViolations_CarriesBadRequestDetails()
    {
        var error = RpcErrors.InvalidArgument(("image.data", "is empty"), ("k", "must be between 1 and 100"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("image.data: is empty; k: must be between 1 and 100", error.Status.Detail);
        var details = error.GetRpcStatus()!.GetDetail<BadRequest>();
        Assert.Equal(["image.data", "k"], details.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public void Validate_AuthEnabledWithoutKeys_Fails()
    {
        var result = new AuthOptionsValidator().Validate(null, new AuthOptions { Enabled = true });

        Assert.True(result.Failed);
        Assert.Contains("Auth:Keys is empty", result.FailureMessage);
    }

    [Fact]
    public void Validate_AuthKeyTooShort_NamesTheKey()
    {
        var options = new AuthOptions { Enabled = true, Keys = [new ApiKey { Name = "ci", Key = "short" }] };

        var result = new AuthOptionsValidator().Validate(null, options);

        Assert.Contains("Auth:Keys:0:Key", result.FailureMessage);
    }

    [Fact]
    public void Validate_AuthDisabled_Succeeds() =>
        Assert.True(new AuthOptionsValidator().Validate(null, new AuthOptions()).Succeeded);

    [Fact]
    public void Validate_RedisWithoutConfiguration_Fails()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = StorageProvider.Redis });

        Assert.Contains("Storage:Redis:Configuration", result.FailureMessage);
    }

    [Fact]
    public void Validate_FileWithRoot_Succeeds() =>
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions()).Succeeded);

    [Fact]
    public void ServiceReadiness_DeclaredThenMarkedReady_ReportsNoReason()
    {
        var readiness = new ServiceReadiness();
        readiness.Declare("a.v1.A", "loading");
        Assert.Equal("loading", readiness.NotReadyReason("a.v1.A"));

        readiness.MarkReady("a.v1.A");

        Assert.Null(readiness.NotReadyReason("a.v1.A"));
        Assert.NotNull(readiness.NotReadyReason("b.v1.B"));
    }

    [Fact]
    public void AdminMethods_Added_MatchesFullMethodNameOnly()
    {
        var admin = new AdminMethods();
        admin.Add("twingan.trainer.v1.TrainerService", "StartJob");

        Assert.True(admin.Contains("/twingan.trainer.v1.TrainerService/StartJob"));
        Assert.False(admin.Contains("/twingan.trainer.v1.TrainerService/ListJobs"));
    }
}
