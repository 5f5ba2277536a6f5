using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TwinGan.ServiceDefaults.Security;

/// <summary>
/// Bearer-key authentication for every RPC except <c>grpc.health.v1</c> (probes carry no credentials).
/// Keys are compared as SHA-256 digests in constant time; admin-only methods need an admin-scoped key.
/// </summary>
internal sealed class ApiKeyInterceptor : Interceptor
{
    private const string HealthPrefix = "/grpc.health.v1.Health/";
    private readonly bool _enabled;
    private readonly (byte[] Digest, ApiKey Key)[] _keys;
    private readonly AdminMethods _adminMethods;
    private readonly ILogger<ApiKeyInterceptor> _logger;

    public ApiKeyInterceptor(IOptions<AuthOptions> options, AdminMethods adminMethods, ILogger<ApiKeyInterceptor> logger)
    {
        _enabled = options.Value.Enabled;
        _keys = options.Value.Keys.Select(k => (Digest(k.Key), k)).ToArray();
        _adminMethods = adminMethods;
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        if (!_enabled || context.Method.StartsWith(HealthPrefix, StringComparison.Ordinal)) return;
        var key = FindKey(context.RequestHeaders.GetValue("authorization"));
        if (key is null)
        {
            ServiceLog.AuthRejected(_logger, context.Method, "missing or unknown key");
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "This server requires 'authorization: Bearer <key>' metadata with a key from its Auth:Keys configuration."));
        }
        if (_adminMethods.Contains(context.Method) && key.Scope != ApiKeyScope.Admin)
        {
            ServiceLog.AuthRejected(_logger, context.Method, $"key '{key.Name}' is not admin-scoped");
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"{context.Method} changes server state and needs an admin-scoped key."));
        }
    }

    private ApiKey? FindKey(string? header)
    {
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var digest = Digest(header[scheme.Length..].Trim());
        ApiKey? found = null;
        foreach (var (d, k) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(d, digest)) found = k;
        }
        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
