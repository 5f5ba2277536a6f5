using TwinGan.Deploy.Tests.Configuration;
using TwinGan.Search.Options;
using TwinGan.ServiceDefaults.Hosting;
using TwinGan.ServiceDefaults.Security;
using TwinGan.ServiceDefaults.Storage;
using TwinGan.Serving;

namespace TwinGan.Deploy.Tests;

public class OptionKeysTests
{
    [Theory]
    [InlineData(typeof(ServerOptions), "Port", true)]
    [InlineData(typeof(ServerOptions), "port", true)]
    [InlineData(typeof(ServerOptions), "Ports", false)]
    [InlineData(typeof(StorageOptions), "Redis:Configuration", true)]
    [InlineData(typeof(StorageOptions), "Redis", false)]
    [InlineData(typeof(StorageOptions), "Redis:Configuration:Extra", false)]
    [InlineData(typeof(AuthOptions), "Keys:0:Key", true)]
    [InlineData(typeof(AuthOptions), "Keys:12:Scope", true)]
    [InlineData(typeof(AuthOptions), "Keys:first:Key", false)]
    [InlineData(typeof(AuthOptions), "Keys:0", false)]
    [InlineData(typeof(ModelsOptions), "Serve:0", true)]
    [InlineData(typeof(ModelsOptions), "Serve:0:Name", false)]
    [InlineData(typeof(SearchOptions), "MaxConsistencyWait", true)]
    [InlineData(typeof(SearchOptions), "EmbeddingLayout", true)]
    public void IsKnown_KeyBelowTheSection_MatchesWhatTheBinderSets(Type options, string key, bool known)
    {
        Assert.Equal(known, OptionKeys.IsKnown(options, key.Split(':')));
    }

    [Fact]
    public void ServiceConfiguration_Search_BindsTheSharedAndItsOwnSections()
    {
        var configuration = new ServiceConfiguration(ServiceCatalog.Search, new Dictionary<string, string?>());
        Assert.Contains(typeof(SearchOptions), configuration.OptionTypes.Keys);
        Assert.Contains(typeof(SearchLimits), configuration.OptionTypes.Keys);
        Assert.Contains(typeof(StorageOptions), configuration.OptionTypes.Keys);
        Assert.True(configuration.IsKnownKey("Limits:MaxTagsPerItem"));
        Assert.False(configuration.IsKnownKey("Models:StoreRoot"));
    }

    [Fact]
    public void ValidationFailures_InvalidValues_AreReportedAsTheHostWouldAtStart()
    {
        var configuration = new ServiceConfiguration(ServiceCatalog.Translator, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Redis",
            ["Auth:Enabled"] = "true",
            ["Serving:MaxBatchSize"] = "0",
            ["Limits:MaxK"] = "many",
        });
        var failures = string.Join("\n", configuration.ValidationFailures());
        Assert.Contains("Storage:Redis:Configuration", failures, StringComparison.Ordinal);
        Assert.Contains("Auth:Keys is empty", failures, StringComparison.Ordinal);
        Assert.Contains("MaxBatchSize", failures, StringComparison.Ordinal);
        Assert.Contains("'many' at 'Limits:MaxK'", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationFailures_UnparsableServerPort_StopsTheHostBuild()
    {
        var configuration = new ServiceConfiguration(ServiceCatalog.Trainer, new Dictionary<string, string?> { ["Server:Port"] = "not-a-port" });
        var failure = Assert.Single(configuration.ValidationFailures());
        Assert.Contains("'not-a-port' at 'Server:Port'", failure, StringComparison.Ordinal);
    }
}
