using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using TwinGan.Contracts.Common.V1;
using TwinGan.Contracts.Translator.V1;
using TwinGan.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace TwinGan.Services.Tests;

/// <summary>TLS when a certificate is configured, and the per-request size limit.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task Health_CertificateConfigured_ServesTls()
    {
        var dir = Directory.CreateTempSubdirectory("twingan-tls-").FullName;
        try
        {
            var (certPath, keyPath, thumbprint) = WriteSelfSigned(dir);
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 c && c.Thumbprint == thumbprint,
                },
            };
            await using var host = await HostProcess.StartServiceAsync("Search",
                port => GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true }),
                $"--Server:CertificatePath={certPath}", $"--Server:CertificateKeyPath={keyPath}");

            Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
            using var cleartext = GrpcChannel.ForAddress($"http://127.0.0.1:{host.Port}");
            await Assert.ThrowsAsync<RpcException>(() => HealthProbe.CheckAsync(cleartext, "liveness"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Translate_RequestOverMaxRequestBytes_ResourceExhausted()
    {
        await using var host = await HostProcess.StartServiceAsync("Translator", "--Server:MaxRequestBytes=4096");
        var client = new TranslatorService.TranslatorServiceClient(host.Channel);
        var request = new TranslateRequest { Image = new Image { Data = ByteString.CopyFrom(new byte[64 * 1024]) }, SourceDomain = "photo", TargetDomain = "anime" };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.TranslateAsync(request));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(host.Channel, "liveness"));
    }

    private static (string Cert, string Key, string Thumbprint) WriteSelfSigned(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certPath = Path.Combine(dir, "server.crt");
        var keyPath = Path.Combine(dir, "server.key");
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, cert.Thumbprint);
    }
}
