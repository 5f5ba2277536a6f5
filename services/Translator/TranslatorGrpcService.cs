using TwinGan.Contracts.Translator.V1;

namespace TwinGan.Translator;

/// <summary>
/// gRPC adapter of the Translator service. RPCs not overridden here answer <c>Unimplemented</c> with an explanation
/// (ServiceDefaults' UnimplementedInterceptor); docs/protos.md lists what is built.
/// </summary>
internal sealed class TranslatorGrpcService : TranslatorService.TranslatorServiceBase;
