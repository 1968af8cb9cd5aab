using System.Text.Json.Serialization;

namespace ExaHealth.Status;

/// <summary>Source-generated JSON for the status file and the --json outputs (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(VipStatus))]
[JsonSerializable(typeof(SnapshotReport))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
