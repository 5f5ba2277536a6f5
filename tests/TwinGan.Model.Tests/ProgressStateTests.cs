using TwinGan.Model.Options;
using TwinGan.Model.Training;

namespace TwinGan.Model.Tests;

public sealed class ProgressStateTests
{
    private static readonly GrowthSchedule Schedule = new(StartResolution: 4, ImagesPerPhase: 10);

    [Fact]
    public void Advance_ThroughSchedule_StableThenFadeInWithRisingAlphaThenNextResolution()
    {
        var state = ProgressState.Start(Schedule);
        Assert.Equal((4, GrowthPhase.Stable, 1.0), (state.Resolution, state.Phase, state.Alpha));

        state = state.Advance(10, Schedule, 16);
        Assert.Equal((8, GrowthPhase.FadeIn, 0.0), (state.Resolution, state.Phase, state.Alpha));

        state = state.Advance(4, Schedule, 16);
        Assert.Equal((8, GrowthPhase.FadeIn, 0.4), (state.Resolution, state.Phase, state.Alpha));

        state = state.Advance(6, Schedule, 16);
        Assert.Equal((8, GrowthPhase.Stable, 1.0), (state.Resolution, state.Phase, state.Alpha));
        Assert.Equal((20L, 3L), (state.ImagesSeen, state.Steps));
    }

    [Fact]
    public void Advance_AtFinalResolution_StaysStable()
    {
        var state = new ProgressState(16, GrowthPhase.Stable, 1.0, 0, 100, 10);

        state = state.Advance(50, Schedule, 16);

        Assert.Equal((16, GrowthPhase.Stable, 1.0), (state.Resolution, state.Phase, state.Alpha));
    }

    [Fact]
    public void Advance_SeparateFadeInAndStableLengths_EachPhaseLastsItsOwnNumberOfImages()
    {
        var schedule = new GrowthSchedule(StartResolution: 4, ImagesPerFadeIn: 8, ImagesPerStable: 4);
        var state = ProgressState.Start(schedule);

        state = state.Advance(4, schedule, 8);
        Assert.Equal((8, GrowthPhase.FadeIn, 0.0), (state.Resolution, state.Phase, state.Alpha));
        state = state.Advance(4, schedule, 8);
        Assert.Equal((8, GrowthPhase.FadeIn, 0.5), (state.Resolution, state.Phase, state.Alpha));
        state = state.Advance(4, schedule, 8);
        Assert.Equal((8, GrowthPhase.Stable, 1.0), (state.Resolution, state.Phase, state.Alpha));
        Assert.Equal(16, schedule.TotalImages(8));
    }

    [Fact]
    public void GrowthSchedule_TotalImages_CountsStartStableThenFadeAndStablePerDoubling()
    {
        Assert.Equal(600_000L * 13, new GrowthSchedule().TotalImages(256));
        Assert.Equal(5, new GrowthSchedule(32, 5).TotalImages(32));
        Assert.Equal(long.MaxValue, new GrowthSchedule(4, long.MaxValue / 2).TotalImages(64));
    }

    [Fact]
    public void TrainingOptions_JsonRoundTrip_KeepsBothPhaseLengths()
    {
        var options = TrainingOptions.Default with { Growth = new GrowthSchedule(8, 100, 300) };

        var json = System.Text.Json.JsonSerializer.Serialize(options, ModelJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<TrainingOptions>(json, ModelJson.Options);

        Assert.Equal(options.Growth, back!.Growth);
        Assert.Throws<ArgumentException>(() => (options with { Growth = new GrowthSchedule(8, 0, 300) }).Validate());
    }

    [Fact]
    public void ToJson_RoundTrip_ReproducesState()
    {
        var state = new ProgressState(32, GrowthPhase.FadeIn, 0.25, 7, 1234, 99);

        var json = state.ToJson();

        Assert.Contains("\"phase\": \"fadeIn\"", json);
        Assert.Equal(state, ProgressState.FromJson(json));
    }

    [Fact]
    public void RenormSchedule_AtWarmupAndEnd_IsBatchNormThenFinalBounds()
    {
        var schedule = new RenormSchedule();

        Assert.Equal(new RenormClipping(1, 1, 0), schedule.At(0));
        var end = schedule.At(100_000);
        Assert.Equal((3.0, 1.0 / 3, 5.0), (end.RMax, end.RMin, end.DMax));
        Assert.InRange(schedule.At(15_000).DMax, 2.49, 2.51);
    }
}
