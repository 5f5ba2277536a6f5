using TwinGan.Model.Options;

namespace TwinGan.Training.Tests;

public sealed class RunSpecTests
{
    public static TheoryData<string, Func<RunSpec, RunSpec>> BadSpecs() => new()
    {
        { "MaxImages", s => s with { MaxImages = -1 } },
        { "MaxDuration", s => s with { MaxDuration = TimeSpan.Zero } },
        { "CheckpointIntervalImages", s => s with { CheckpointIntervalImages = 0 } },
        { "KeepCheckpoints", s => s with { KeepCheckpoints = -2 } },
        { "SampleIntervalImages", s => s with { SampleIntervalImages = -1 } },
        { "EvaluationIntervalImages", s => s with { EvaluationIntervalImages = -1 } },
        { "StatsIntervalImages", s => s with { StatsIntervalImages = 0 } },
        { "BuiltinTrainCount", s => s with { BuiltinTrainCount = 0 } },
        { "BatchSizes", s => s with { BatchSizes = new Dictionary<int, int> { [8] = 1 } } },
        { "BatchSizes", s => s with { BatchSizes = new Dictionary<int, int> { [12] = 4 } } },
        { "ImagesPerFadeIn", s => s with { ImagesPerFadeIn = 0 } },
        { "ImagesPerStable", s => s with { ImagesPerStable = 0 } },
        { "Data", s => s with { Data = [s.Data[0]] } },
        { "Data", s => s with { Data = [s.Data[0], s.Data[0] with { Domain = "cartoon" }] } },
        { "Builtin", s => s with { Data = [s.Data[0] with { Builtin = "twin-faces/cat" }, s.Data[1]] } },
        { "Roots", s => s with { Data = [new DomainDataSpec("photo", []), s.Data[1]] } },
        { "CelebAAttributes", s => s with { Data = [new DomainDataSpec("photo", ["a", "b"], CelebAAttributes: "list_attr_celeba.txt"), s.Data[1]] } },
        { "Name", s => s with { Name = " " } },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Validate_BadField_ThrowsArgumentExceptionNamingIt(string field, Func<RunSpec, RunSpec> spoil)
    {
        var spec = spoil(TinyRuns.Builtin());

        var error = Assert.ThrowsAny<ArgumentException>(spec.Validate);

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void ToJson_RoundTrip_KeepsEveryField()
    {
        var spec = TinyRuns.Builtin() with { MaxDuration = TimeSpan.FromMinutes(20), MaxImages = 40, EvaluationIntervalImages = 16, Name = "faces" };

        var json = spec.ToJson();
        var back = RunSpec.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal((TimeSpan.FromMinutes(20), 40L, 16L, "faces"), (back.MaxDuration, back.MaxImages, back.EvaluationIntervalImages, back.Name));
        Assert.Equal(spec.BatchSizes, back.BatchSizes);
        Assert.Equal(spec.Training, back.Training);
        Assert.Contains("\"imagesPerFadeIn\": 8", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SeedAndPhaseLengths_AreStoredInTheTrainingOptions()
    {
        var spec = TinyRuns.Builtin() with { Seed = 99, ImagesPerFadeIn = 100, ImagesPerStable = 300 };

        Assert.Equal(99, spec.Training.Seed);
        Assert.Equal(new GrowthSchedule(4, 100, 300), spec.Training.Growth);
        Assert.Equal(300 + 400, spec.TargetImages);
        Assert.Equal(5, (spec with { MaxImages = 5 }).TargetImages);
    }

    [Fact]
    public void BatchSizeAt_MissingResolution_UsesTheOriginalSchedule()
    {
        var spec = TinyRuns.Builtin() with { BatchSizes = new Dictionary<int, int> { [8] = 6 } };

        Assert.Equal((6, 8, 4), (spec.BatchSizeAt(8), spec.BatchSizeAt(16), spec.BatchSizeAt(128)));
    }
}
