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

// Usage: dotnet run -c Release --project benchmarks/serving -- [seconds-per-measurement] [plans] [sizes] [sweep]
// "sweep" measures the model alone per batch size and LibTorch thread count instead of the gRPC comparison.
var sweep = args.Length > 3 && args[3] == "sweep";
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 8;
var plans = (args.Length > 1 ? args[1] : "small,original").Split(',');
var sizes = (args.Length > 2 ? args[2] : "32,64").Split(',').Select(int.Parse).ToArray();
const int Clients = 16;
const int MaxBatch = 8;
Console.WriteLine(sweep ? "plan,px,torch threads,batch,ms/img,img/s" : $"translate photo->anime; {Clients} concurrent gRPC clients; {seconds}s per measurement");
if (!sweep)
{
    Console.WriteLine("plan,px,calibrated batch,in-process img/s (calibrated),grpc on img/s (calibrated),grpc on img/s (batch 8),grpc off img/s," +
        "on/in-process,on/off,batch-8 on/off,p50 on ms,p99 on ms,calibration ms/img");
}
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
            if (sweep)
            {
                BatchSweep.Run(Path.Combine(root, "models", "bench", "v1"), plan, size, [1, 2], seconds);
                continue;
            }
            var bundle = Path.Combine(root, "models", "bench", "v1");
            var (batch, costs) = InProcess.Calibrate(bundle, size, MaxBatch);
            var inProcess = InProcess.Measure(bundle, size, batch, seconds);
            var on = await GrpcLoad.MeasureAsync(root, size, batch, Clients, seconds);
            var eight = batch == MaxBatch ? on : await GrpcLoad.MeasureAsync(root, size, MaxBatch, Clients, seconds);
            var off = await GrpcLoad.MeasureAsync(root, size, 1, Clients, seconds);
            Console.WriteLine(FormattableString.Invariant(
                $"{plan},{size},{batch},{inProcess:F1},{on.ImagesPerSecond:F1},{eight.ImagesPerSecond:F1},{off.ImagesPerSecond:F1},{on.ImagesPerSecond / inProcess:F2},{on.ImagesPerSecond / off.ImagesPerSecond:F2},{eight.ImagesPerSecond / off.ImagesPerSecond:F2},{on.P50:F1},{on.P99:F1},{string.Join(" ", costs.Select(c => FormattableString.Invariant($"{c.BatchSize}:{c.MillisecondsPerImage:F1}")))}"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
