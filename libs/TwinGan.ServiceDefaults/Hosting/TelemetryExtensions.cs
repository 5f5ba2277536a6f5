using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TwinGan.ServiceDefaults.Hosting;

/// <summary>
/// OpenTelemetry: metrics from ASP.NET Core, the runtime and every <c>TwinGan.*</c> meter, scraped by
/// Prometheus; traces exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Prefix of every meter the services create, e.g. <c>TwinGan.Translator</c>.</summary>
    public const string MeterPrefix = "TwinGan.";

    internal static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string hostName)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(hostName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MeterPrefix + "*")
                .AddPrometheusExporter())
            .WithTracing(t => t.AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
        return builder;
    }

    internal static void MapMetricsEndpoint(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.MetricsPort;
        if (port == 0) return;
        app.MapPrometheusScrapingEndpoint().RequireHost($"*:{port}");
    }
}
