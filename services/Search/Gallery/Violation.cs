using Grpc.Core;
using TwinGan.Contracts.Common.V1;
using TwinGan.ServiceDefaults.Grpc;

namespace TwinGan.Search.Gallery;

/// <summary>One invalid field, with the stable reason of docs/protos.md.</summary>
internal sealed record Violation(string Field, string Description, string Reason)
{
    public Violation Prefixed(string prefix) => this with { Field = Field.Length == 0 ? prefix : $"{prefix}.{Field}" };
}

/// <summary>A request failed validation; becomes INVALID_ARGUMENT with field violations or an item error.</summary>
internal sealed class ValidationException(IReadOnlyList<Violation> violations)
    : Exception(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<Violation> Violations { get; } = violations;

    public RpcException ToRpcException() => RpcErrors.InvalidArgument([.. Violations.Select(v => (v.Field, v.Description))]);

    public static ItemError ToItemError(IEnumerable<Violation> violations)
    {
        var list = violations.ToList();
        var error = new ItemError { Code = (int)StatusCode.InvalidArgument, Message = string.Join("; ", list.Select(v => $"{v.Field}: {v.Description}")) };
        error.FieldViolations.AddRange(list.Select(v => new FieldViolation { Field = v.Field, Description = v.Description, Reason = v.Reason }));
        return error;
    }

    public static void ThrowIfAny(List<Violation> violations)
    {
        if (violations.Count > 0) throw new ValidationException(violations);
    }
}
