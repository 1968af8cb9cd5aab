using System.Text.Json.Serialization;

namespace ExaHealth.State;

/// <summary>Source-generated JSON for the journal: one change per line, so not indented.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PersistedChange))]
internal sealed partial class StateJournalJsonContext : JsonSerializerContext;
