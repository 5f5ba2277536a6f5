using System.Diagnostics;
using Google.Protobuf;
using TwinGan.Benchmarks.Serving;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Data.Imaging;
using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Options;
using TwinGan.ServiceDefaults.Registry;
using TwinGan.Serving;
using TwinGan.Testing;

// Usage: dotnet run -c Release --project benchmarks/serving -- [seconds-per-measurement] [plans] [sizes]
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 8;
var plans = (args.Length > 1 ? args[1] : "small,original").Split(',');
var sizes = (args.Length > 2 ? args[2] : "32,64").Split(',').Select(int.Parse).ToArray();
const int Clients = 16;
const int BatchSize = 8;
Console.WriteLine($"translate photo->anime; {Clients} concurrent gRPC clients; {seconds}s per measurement; batch {BatchSize}");
Console.WriteLine("plan,px,in-process img/s (batch 8),grpc batching on img/s,grpc batching off img/s,on/in-process,on/off,p50 on ms,p99 on ms");
foreach (var plan in plans)
{
    foreach (var size in sizes)
    {
        var root = Directory.CreateTempSubdirectory("twingan-bench-").FullName;
        try
        {
            var options = ModelOptions.TwinGan(["photo", "anime"], size, ChannelPlan.FromName(plan));
            using (var model = TwinGanModel.Create(options, seed: 1))
                ModelBundle.Save(ModelBundle.DirectoryFor(Path.Combine(root, "models"), "bench", "v1"), model, new BundleInfo("bench", "v1"));
            await new FileModelRegistry(root).SetCurrentVersionAsync("bench", "v1");
            var inProcess = InProcess.Measure(Path.Combine(root, "models", "bench", "v1"), size, BatchSize, seconds);
            var on = await GrpcLoad.MeasureAsync(root, size, BatchSize, Clients, seconds);
            var off = await GrpcLoad.MeasureAsync(root, size, 1, Clients, seconds);
            Console.WriteLine(FormattableString.Invariant(
                $"{plan},{size},{inProcess:F1},{on.ImagesPerSecond:F1},{off.ImagesPerSecond:F1},{on.ImagesPerSecond / inProcess:F2},{on.ImagesPerSecond / off.ImagesPerSecond:F2},{on.P50:F1},{on.P99:F1}"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
