using System.Globalization;
using TorchSharp;
using TwinGan.Benchmarks.Serving;
using TwinGan.Model;
using TwinGan.Model.Bundles;
using TwinGan.Model.Options;
using TwinGan.ServiceDefaults.Registry;

// Usage: dotnet run -c Release --project benchmarks/serving -- [seconds-per-measurement] [plans] [sizes] [sweep] [--Translator:Option=value ...]
// Every measurement runs the same load unmeasured for [seconds-per-measurement] first (JIT tiering, caches).
// "sweep" measures the model alone per batch size and LibTorch thread count instead of the gRPC comparison.
// Arguments starting with "--" go to every Translator process; --Serving:TorchThreads=N also sets this process's
// LibTorch threads, so the in-process side computes with the same threads as the server.
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var serverArgs = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var sweep = positional.Length > 3 && positional[3] == "sweep";
var seconds = positional.Length > 0 ? double.Parse(positional[0], CultureInfo.InvariantCulture) : 8;
var plans = (positional.Length > 1 ? positional[1] : "small,original").Split(',');
var sizes = (positional.Length > 2 ? positional[2] : "32,64").Split(',').Select(int.Parse).ToArray();
const int Clients = 16;
const int MaxBatch = 8;
var threads = serverArgs.Select(a => a.Split('=')).Where(kv => kv.Length == 2 && kv[0] == "--Serving:TorchThreads").Select(kv => int.Parse(kv[1], CultureInfo.InvariantCulture)).LastOrDefault();
if (threads > 0) torch.set_num_threads(threads);
// The Translator processes configure their allocator (ServingRegistration); the in-process side must match.
TwinGan.Model.NativeAllocator.Configure();
Console.WriteLine(sweep ? "plan,px,torch threads,batch,ms/img,img/s" : $"translate photo->anime; {Clients} concurrent gRPC clients; {seconds}s per measurement after {seconds}s of warm-up");
if (!sweep)
{
    Console.WriteLine($"torch threads in-process {torch.get_num_threads()}; native allocator {TwinGan.Model.NativeAllocator.Status}; OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}; server args: {string.Join(' ', serverArgs)}");
    Console.WriteLine("plan,px,calibrated batch,in-process img/s (calibrated),grpc on img/s (calibrated),grpc on img/s (batch 8),grpc off img/s," +
        "on/in-process,on/off,batch-8 on/off,p50 on ms,p99 on ms,calibration ms/img");
}
var breakdowns = new List<string>();
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
            var inProcess = InProcess.Measure(bundle, size, batch, seconds, seconds);
            breakdowns.Add(FormattableString.Invariant(
                $"{plan},{size},in-process,{batch},{inProcess.ImagesPerSecond:F1},,,,,,,{1000 / inProcess.ImagesPerSecond:F2},,,,,,{inProcess.CpuMsPerImage:F2},,{inProcess.MachineBusyCores:F2}"));
            var on = await GrpcLoad.MeasureAsync(root, size, batch, Clients, seconds, seconds, serverArgs);
            breakdowns.Add(Row(plan, size, "grpc on", batch, on));
            var eight = on;
            if (batch != MaxBatch)
            {
                eight = await GrpcLoad.MeasureAsync(root, size, MaxBatch, Clients, seconds, seconds, serverArgs);
                breakdowns.Add(Row(plan, size, "grpc on", MaxBatch, eight));
            }
            var off = await GrpcLoad.MeasureAsync(root, size, 1, Clients, seconds, seconds, serverArgs);
            breakdowns.Add(Row(plan, size, "grpc off", 1, off));
            Console.WriteLine(FormattableString.Invariant(
                $"{plan},{size},{batch},{inProcess.ImagesPerSecond:F1},{on.ImagesPerSecond:F1},{eight.ImagesPerSecond:F1},{off.ImagesPerSecond:F1},{on.ImagesPerSecond / inProcess.ImagesPerSecond:F2},{on.ImagesPerSecond / off.ImagesPerSecond:F2},{eight.ImagesPerSecond / off.ImagesPerSecond:F2},{on.P50:F1},{on.P99:F1},{string.Join(" ", costs.Select(c => FormattableString.Invariant($"{c.BatchSize}:{c.MillisecondsPerImage:F1}")))}"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
if (breakdowns.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("where the time went (means per request; server timings from the responses):");
    Console.WriteLine("plan,px,run,batch cap,img/s,p50 ms,p99 ms,decode ms,queue ms,batch compute ms,mean batch,compute ms/img,encode ms," +
        "server total ms,client latency ms,outside server ms,model busy,server cpu ms/img,client cpu ms/img,machine busy cores");
    foreach (var line in breakdowns) Console.WriteLine(line);
}

static string Row(string plan, int size, string run, int cap, LoadResult r)
{
    var b = r.Breakdown;
    return FormattableString.Invariant(
        $"{plan},{size},{run},{cap},{r.ImagesPerSecond:F1},{r.P50:F1},{r.P99:F1},{b.DecodeMs:F2},{b.QueueMs:F1},{b.BatchComputeMs:F1},{b.MeanBatch:F2},{b.ComputeMsPerImage:F2},{b.EncodeMs:F2},") +
        FormattableString.Invariant(
        $"{b.ServerTotalMs:F1},{b.ClientLatencyMs:F1},{b.ClientLatencyMs - b.ServerTotalMs:F2},{b.ModelBusy:F2},{b.ServerCpuMsPerImage:F2},{b.ClientCpuMsPerImage:F2},{b.MachineBusyCores:F2}");
}
