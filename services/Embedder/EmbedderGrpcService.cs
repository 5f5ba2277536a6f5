using TwinGan.Contracts.Embedder.V1;

namespace TwinGan.Embedder;

/// <summary>
/// gRPC adapter of the Embedder service. RPCs not overridden here answer <c>Unimplemented</c> with an explanation
/// (ServiceDefaults' UnimplementedInterceptor); docs/protos.md lists what is built.
/// </summary>
internal sealed class EmbedderGrpcService : EmbedderService.EmbedderServiceBase;
