using TwinGan.Contracts.Search.V1;

namespace TwinGan.Search;

/// <summary>
/// gRPC adapter of the Search service. RPCs not overridden here answer <c>Unimplemented</c> with an explanation
/// (ServiceDefaults' UnimplementedInterceptor); docs/protos.md lists what is built.
/// </summary>
internal sealed class SearchGrpcService : SearchService.SearchServiceBase;
