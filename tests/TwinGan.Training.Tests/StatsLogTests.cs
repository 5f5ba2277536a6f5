using TwinGan.Model.Training;

namespace TwinGan.Training.Tests;

public sealed class StatsLogTests
{
    private static StatsEntry Entry(long images) => new(images, images / 4, 8, 1.0, GrowthPhase.Stable, 12.5, 0, DateTimeOffset.UnixEpoch,
        new Dictionary<string, double> { ["Loss/G/recon/photo"] = 0.5, [LossNames.DiscriminatorTotal] = double.NaN });

    [Fact]
    public void Read_TornLastLine_ReturnsTheCompleteLines()
    {
        using var temp = new TempDir();
        var path = temp.Combine(RunFiles.Stats);
        StatsLog.Append(path, Entry(4));
        StatsLog.Append(path, Entry(8));
        File.AppendAllText(path, "{\"imagesSeen\": 12, \"step\": 3, \"reso");

        var entries = StatsLog.Read(path);

        Assert.Equal([4L, 8L], entries.Select(e => e.ImagesSeen));
        Assert.Equal(0.5, entries[1].Losses["Loss/G/recon/photo"]);
        Assert.True(double.IsNaN(entries[1].Losses[LossNames.DiscriminatorTotal]));
    }

    [Fact]
    public void Read_CorruptLineBeforeTheLast_ThrowsNamingTheLine()
    {
        using var temp = new TempDir();
        var path = temp.Combine(RunFiles.Stats);
        StatsLog.Append(path, Entry(4));
        File.AppendAllText(path, "garbage\n");
        StatsLog.Append(path, Entry(8));

        var error = Assert.Throws<InvalidDataException>(() => StatsLog.Read(path));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_TornLineAndLinesPastTheCheckpoint_KeepsOnlyCompleteLinesUpToIt()
    {
        using var temp = new TempDir();
        var path = temp.Combine(RunFiles.Stats);
        foreach (var images in new long[] { 4, 8, 12, 16 })
            StatsLog.Append(path, Entry(images));
        File.AppendAllText(path, "{\"imagesSeen\": 2");

        JsonLines.Repair(path, maxImagesSeen: 8);
        StatsLog.Append(path, Entry(12));

        Assert.Equal([4L, 8L, 12L], StatsLog.Read(path).Select(e => e.ImagesSeen));
        Assert.Equal(3, File.ReadAllLines(path).Length);
    }
}
