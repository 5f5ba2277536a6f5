using TwinGan.Testing;

namespace TwinGan.Cli.Tests;

/// <summary>--api-key and TWINGAN_API_KEY against a <c>twingan serve</c> with bearer-key auth on.</summary>
public sealed class AuthTests
{
    private const string UserKey = "user-key-0123456789";
    private const string AdminKey = "admin-key-0123456789";

    [Fact]
    public async Task Keys_MissingUserAndAdmin_Exit6WithHintThenAllowed()
    {
        await using var host = await HostProcess.StartEmbeddedAsync(
            "--Auth:Enabled=true",
            "--Auth:Keys:0:Name=user", $"--Auth:Keys:0:Key={UserKey}", "--Auth:Keys:0:Scope=User",
            "--Auth:Keys:1:Name=admin", $"--Auth:Keys:1:Key={AdminKey}", "--Auth:Keys:1:Scope=Admin");
        var address = $"http://127.0.0.1:{host.Port}";

        var anonymous = await CliProcess.RunAsync("models", "served", "--address", address);
        var user = await CliProcess.RunAsync(new Dictionary<string, string> { ["TWINGAN_API_KEY"] = UserKey },
            "jobs", "cancel", "some-job", "--address", address, "--json");
        var admin = await CliProcess.RunAsync("jobs", "--address", address, "--api-key", AdminKey, "--json");

        Assert.True(anonymous.ExitCode == 6, anonymous.ToString());
        Assert.Contains("UNAUTHENTICATED", anonymous.Stderr, StringComparison.Ordinal);
        Assert.Contains("--api-key", anonymous.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(anonymous);
        Assert.True(user.ExitCode == 6, user.ToString());
        Assert.Equal("PERMISSION_DENIED", (string?)user.ErrorJson()["code"]);
        Assert.True(admin.ExitCode == 0, admin.ToString());
        Assert.NotNull(admin.Json()["jobs"]);
    }
}
