namespace TwinGan.Trainer.Options;

/// <summary>How this Trainer process runs jobs and what it accepts. Bound from <c>Trainer</c>; validated at start.</summary>
public sealed class TrainerOptions
{
    public const string Section = "Trainer";

    /// <summary>
    /// Folders dataset roots, label files and CelebA attribute files must lie under (after resolving symlinks). Empty:
    /// only the built-in twin-faces dataset can be trained on.
    /// </summary>
    public List<string> AllowedDatasetRoots { get; set; } = [];

    /// <summary>Run directories (options, stats, checkpoints, samples), one per job. Empty: <c>{Storage:File:Root}/trainer/runs</c>.
    /// Several replicas that resume each other's jobs need it on a shared volume.</summary>
    public string RunRoot { get; set; } = "";

    /// <summary>Jobs this process trains at once; 0 makes it an API-only replica that never takes jobs.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>Largest <c>JobConfig.resolution</c> accepted.</summary>
    public int MaxResolution { get; set; } = 256;

    /// <summary>Sample grid PNGs larger than this are not sent in WatchJob (a log line says so).</summary>
    public int MaxSampleGridBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Checkpoint interval in images when a job gives 0.</summary>
    public long CheckpointIntervalImages { get; set; } = 50_000;

    /// <summary>Sample grid interval in images when a job gives 0.</summary>
    public long SampleIntervalImages { get; set; } = 20_000;

    /// <summary>How long a job's events are kept for WatchJob replays; older ones are dropped (the snapshot covers them).</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a worker renews the lease of each job it runs and looks for cancel requests.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A RUNNING job whose lease was not renewed for this long is INTERRUPTED (its replica died).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks at the queue (an enqueue notification wakes it sooner).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Progress events are written at most this often per job (the run reports every statsIntervalImages).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// LibTorch intra-op threads of this process; 0 keeps LibTorch's default (one per core). On a machine shared with
    /// other busy processes 1 is much faster: OpenMP workers spin-wait for a core another process holds.
    /// </summary>
    public int TorchThreads { get; set; }

    /// <summary>Identity of this replica in jobs and logs; empty: host name and process id.</summary>
    public string WorkerId { get; set; } = "";

    /// <summary>Evaluate built-in twin-faces jobs with the evaluation suite (every evaluation_interval_images and at the end).</summary>
    public bool EvaluateBuiltinJobs { get; set; } = true;

    /// <summary>Paired twin-faces test images per domain the evaluation of built-in jobs scores.</summary>
    public int EvaluationPairedImages { get; set; } = 500;

    /// <summary>Labelled twin-faces images per domain the evaluation's attribute classifiers train on (0: no attribute metrics).</summary>
    public int EvaluationClassifierImages { get; set; } = 4000;
}

/// <summary>The model store PublishModel writes to: the same <c>Models:StoreRoot</c> the serving hosts read.</summary>
public sealed class ModelStoreOptions
{
    public const string Section = "Models";

    /// <summary>Bundles at <c>&lt;StoreRoot&gt;/&lt;name&gt;/&lt;version&gt;/</c>. Empty: <c>{Storage:File:Root}/models</c>.</summary>
    public string StoreRoot { get; set; } = "";
}
