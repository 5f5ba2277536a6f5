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
