using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Trainer;

/// <summary>
/// gRPC adapter of the Trainer service. RPCs not overridden here answer <c>Unimplemented</c> with an explanation
/// (ServiceDefaults' UnimplementedInterceptor); docs/protos.md lists what is built.
/// </summary>
internal sealed class TrainerGrpcService : TrainerService.TrainerServiceBase;
