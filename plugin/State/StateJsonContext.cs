using System.Text.Json.Serialization;

namespace ExaHealth.State;

/// <summary>Source-generated JSON for the state file (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PersistedState))]
[JsonSerializable(typeof(PersistedRoute))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
