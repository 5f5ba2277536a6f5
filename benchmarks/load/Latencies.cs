namespace TwinGan.Benchmarks.Load;

/// <summary>Throughput and latency percentiles of one measured phase.</summary>
internal sealed record Latencies(string Name, int Requests, double Seconds, double P50Ms, double P99Ms)
{
    public double Qps => Requests / Seconds;

    public static Latencies From(string name, List<double> millis, double seconds)
    {
        millis.Sort();
        double At(double q) => millis.Count == 0 ? 0 : millis[Math.Min(millis.Count - 1, (int)(q * millis.Count))];
        return new Latencies(name, millis.Count, seconds, At(0.50), At(0.99));
    }

    public override string ToString() =>
        $"| {Name} | {Requests} | {Qps:F0} | {P50Ms:F3} | {P99Ms:F3} |";
}
