namespace TwinGan.Testing;

/// <summary>
/// A test that needs the real redis-server started by test.sh (<c>TWINGAN_TEST_REDIS=host:port</c>). Outside
/// test.sh it is reported as skipped with the reason; under CI (<c>CI=true</c>) it is never skipped, so a missing
/// server fails the run instead of passing silently.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public const string Variable = "TWINGAN_TEST_REDIS";

    public RedisFactAttribute()
    {
        if (string.IsNullOrEmpty(Address) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = $"{Variable} is not set: run ./test.sh, which installs and starts redis-server on a free loopback port.";
    }

    public static string? Address => Environment.GetEnvironmentVariable(Variable);

    public static string RequireAddress() =>
        Address ?? throw new InvalidOperationException($"{Variable} is not set; run the tests through ./test.sh.");
}
