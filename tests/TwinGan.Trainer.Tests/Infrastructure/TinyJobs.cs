using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Trainer.Tests.Infrastructure;

/// <summary>
/// Jobs small enough for a shared 2-core box: 8 px final resolution from 4 px, the tiny channel plan, batches of 4,
/// 300 built-in images per domain. See <see cref="Total"/> for the images of a schedule.
/// </summary>
internal static class TinyJobs
{
    public const int Batch = 4;

    public static JobConfig Builtin(string model, long phaseImages, long checkpointInterval = 32) => new()
    {
        ModelName = model,
        Domains =
        {
            new DomainDataset { Domain = "photo", Builtin = "twin-faces/photo" },
            new DomainDataset { Domain = "anime", Builtin = "twin-faces/anime" },
        },
        Resolution = 8,
        StartResolution = 4,
        ChannelPlan = new ChannelPlan { MaxChannels = 16, ChannelBase = 128 },
        BatchSizePerResolution = { [4] = Batch, [8] = Batch },
        ImagesPerFadePhase = phaseImages,
        ImagesPerStablePhase = phaseImages,
        CheckpointIntervalImages = checkpointInterval,
        SampleIntervalImages = 32,
        KeepCheckpoints = 0,
        Seed = 3,
        AdvancedOptions = new Struct
        {
            Fields =
            {
                ["builtinTrainCount"] = Value.ForNumber(300),
                ["statsIntervalImages"] = Value.ForNumber(8),
                ["loaderWorkers"] = Value.ForNumber(1),
            },
        },
    };

    /// <summary>Images of the whole schedule: the 4 px stable phase, then fade-in and stable at 8 px.</summary>
    public static long Total(long phaseImages) => 3 * phaseImages;
}
