using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using TwinGan.Contracts.Trainer.V1;

namespace TwinGan.Trainer.Jobs;

/// <summary>
/// Digest of a request without its request_id, with every map in key order (protobuf maps keep insertion order), so
/// "the same request" means the same content however the client built it.
/// </summary>
internal static class Fingerprint
{
    public static string Of(StartJobRequest request)
    {
        var copy = request.Clone();
        copy.RequestId = "";
        Sort(copy.Labels);
        if (copy.Config is { } c)
        {
            Sort(c.BatchSizePerResolution);
            if (c.ChannelPlan is not null) Sort(c.ChannelPlan.ChannelsPerResolution);
            if (c.AdvancedOptions is not null) Sort(c.AdvancedOptions);
        }
        return Digest(copy);
    }

    public static string Of(PublishModelRequest request)
    {
        var copy = request.Clone();
        copy.RequestId = "";
        return Digest(copy);
    }

    private static string Digest(IMessage message) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(message.ToByteArray()));

    private static void Sort<TKey, TValue>(MapField<TKey, TValue> map) where TKey : notnull
    {
        var entries = map.OrderBy(kv => kv.Key).ToList();
        map.Clear();
        foreach (var (k, v) in entries) map.Add(k, v);
    }

    private static void Sort(Struct value)
    {
        Sort(value.Fields);
        foreach (var field in value.Fields.Values) Sort(field);
    }

    private static void Sort(Value value)
    {
        if (value.StructValue is { } s) Sort(s);
        if (value.ListValue is { } l)
        {
            foreach (var item in l.Values) Sort(item);
        }
    }
}
