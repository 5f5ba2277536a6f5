using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TwinGan.ServiceDefaults.Hosting;

/// <summary>
/// Listens on the gRPC port with HTTP/2 only (cleartext h2c for in-cluster traffic, TLS when a certificate is
/// configured) and on a separate HTTP/1.1 port for Prometheus, which scrapes over HTTP/1.1.
/// </summary>
internal static class KestrelSetup
{
    public static void Configure(KestrelServerOptions kestrel, string hostName)
    {
        var options = kestrel.ApplicationServices.GetRequiredService<IOptions<ServerOptions>>().Value;
        var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("TwinGan.Host");
        var address = IPAddress.Parse(options.ListenAddress);
        var certificate = LoadCertificate(options);
        kestrel.Listen(address, options.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null) listen.UseHttps(certificate);
        });
        if (options.MetricsPort != 0)
            kestrel.Listen(address, options.MetricsPort, listen => listen.Protocols = HttpProtocols.Http1);
        ServiceLog.Listening(logger, hostName, options.ListenAddress, options.Port, certificate is null ? "h2c" : "TLS", options.MetricsPort);
    }

    private static X509Certificate2? LoadCertificate(ServerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath)) return null;
        if (!File.Exists(options.CertificatePath))
            throw new InvalidOperationException($"Server:CertificatePath '{options.CertificatePath}' does not exist.");
        if (!string.IsNullOrWhiteSpace(options.CertificateKeyPath))
            return X509Certificate2.CreateFromPemFile(options.CertificatePath, options.CertificateKeyPath);
        return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
    }
}
