using System.ComponentModel.DataAnnotations;

namespace TwinGan.ServiceDefaults.Hosting;

/// <summary>Where and how a host listens. Bound from the <c>Server</c> configuration section.</summary>
public sealed class ServerOptions
{
    public const string Section = "Server";

    /// <summary>Address to bind; <c>0.0.0.0</c> in a pod, <c>127.0.0.1</c> for a local embedded host.</summary>
    [Required]
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>gRPC port (HTTP/2; cleartext unless a certificate is configured).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5000;

    /// <summary>Prometheus scrape port (HTTP/1.1, path <c>/metrics</c>); 0 disables the endpoint.</summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; } = 9464;

    /// <summary>PEM certificate or PKCS#12 file; when set the gRPC port serves TLS.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key file (when <see cref="CertificatePath"/> is PEM).</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Password of a PKCS#12 certificate.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Largest request message accepted, in bytes (images travel inside messages).</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;
}
