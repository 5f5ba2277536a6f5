using System.Text.Json;
using TwinGan.Model.Networks;
using TwinGan.Model.Options;

namespace TwinGan.Model.Training;

/// <summary>Phase of a progressive-growing stage (PGGAN section 3).</summary>
public enum GrowthPhase
{
    /// <summary>The new top block is being blended in; alpha rises from 0 to 1.</summary>
    FadeIn,

    /// <summary>The stage trains at full strength (alpha = 1).</summary>
    Stable,
}

/// <summary>
/// Explicit, serialisable progressive-growing state: resolution, phase, alpha, images shown, optimisation steps.
/// Checkpoints store it; <see cref="Advance"/> is the whole schedule.
/// </summary>
public sealed record ProgressState(int Resolution, GrowthPhase Phase, double Alpha, long ImagesInPhase, long ImagesSeen, long Steps)
{
    /// <summary>The first stage: the start resolution, stable (there is nothing to fade from).</summary>
    public static ProgressState Start(GrowthSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new(schedule.StartResolution, GrowthPhase.Stable, 1.0, 0, 0, 0);
    }

    /// <summary>The network stage to run at.</summary>
    public Stage Stage => new(Resolution, Alpha);

    /// <summary>
    /// State after <paramref name="images"/> more images and one more step: alpha grows linearly over a fade-in;
    /// after a full fade-in (<see cref="GrowthSchedule.ImagesPerFadeIn"/>) or stable phase
    /// (<see cref="GrowthSchedule.ImagesPerStable"/>), fade-in becomes stable and stable grows to the next resolution, until the final one.
    /// </summary>
    public ProgressState Advance(int images, GrowthSchedule schedule, int finalResolution)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var inPhase = ImagesInPhase + images;
        var next = this with { ImagesInPhase = inPhase, ImagesSeen = ImagesSeen + images, Steps = Steps + 1 };
        var phaseLength = Phase == GrowthPhase.FadeIn ? schedule.ImagesPerFadeIn : schedule.ImagesPerStable;
        if (inPhase < phaseLength)
            return Phase == GrowthPhase.FadeIn ? next with { Alpha = inPhase / (double)phaseLength } : next;
        if (Phase == GrowthPhase.FadeIn)
            return next with { Phase = GrowthPhase.Stable, Alpha = 1.0, ImagesInPhase = 0 };
        return Resolution < finalResolution
            ? next with { Resolution = Resolution * 2, Phase = GrowthPhase.FadeIn, Alpha = 0.0, ImagesInPhase = 0 }
            : next;
    }

    public string ToJson() => JsonSerializer.Serialize(this, ModelJson.Options);

    public static ProgressState FromJson(string json) =>
        JsonSerializer.Deserialize<ProgressState>(json, ModelJson.Options) ?? throw new JsonException("Progress state JSON is null.");
}
