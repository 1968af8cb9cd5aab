using System.Text.Json;

namespace ExaHealth.Ovsdb;

/// <summary>
/// What <see cref="SnapshotStreamer"/> learns of a message besides its rows: the JSON-RPC members
/// at depth 1, in whatever order they come, and the shape of the result, which says whether it is
/// a full snapshot and at which depth its tables are.
/// </summary>
/// <remarks>
/// A mutable struct, kept in a field of the streamer: it is asked about every token of the reply,
/// and its state sits there as it did before it was a type of its own. <c>default</c> is a new message.
/// </remarks>
internal struct StreamedReplyHeader
{
    private Member _member;
    private int _element;
    private bool? _found;

    private enum Member
    {
        Other,
        Id,
        Result,
        Error,
    }

    /// <summary>The reader is inside the result member.</summary>
    public readonly bool InResult => _member == Member.Result;

    /// <summary>The result is an array (monitor_cond_since).</summary>
    public bool ArrayResult { get; private set; }

    /// <summary>The depth of the table names while inside a streamed table-updates object; 0 outside.</summary>
    public int TablesDepth { get; private set; }

    /// <summary>The result is a full snapshot.</summary>
    public bool Streamed { get; private set; }

    public long? Id { get; private set; }

    public bool HasError { get; private set; }

    public Guid? LastTransaction { get; private set; }

    /// <summary>A token at depth 1: a member name or a member's value.</summary>
    public void OnMember(ref Utf8JsonReader reader, JsonTokenType token)
    {
        switch (token)
        {
            case JsonTokenType.PropertyName:
                _member = reader.ValueTextEquals("id"u8) ? Member.Id
                    : reader.ValueTextEquals("result"u8) ? Member.Result
                    : reader.ValueTextEquals("error"u8) ? Member.Error
                    : Member.Other;
                return;
            case JsonTokenType.Number when _member == Member.Id && reader.TryGetInt64(out long id):
                Id = id;
                return;
            case JsonTokenType.StartObject when _member == Member.Result:
                // monitor_cond or monitor: every row of the result is an initial row.
                TablesDepth = 2;
                Streamed = true;
                return;
            case JsonTokenType.StartArray when _member == Member.Result:
                ArrayResult = true;
                return;
            case JsonTokenType.EndObject or JsonTokenType.EndArray when _member == Member.Result:
                TablesDepth = 0;
                return;
        }

        if (_member == Member.Error && token != JsonTokenType.Null && token != JsonTokenType.EndObject && token != JsonTokenType.EndArray)
        {
            HasError = true;
        }
    }

    /// <summary>monitor_cond_since: [found, last-txn-id, table-updates2]; streamed only when not found.</summary>
    public void OnResultElement(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            TablesDepth = 0;
            return;
        }

        int element = _element++;
        if (element == 0)
        {
            _found = token switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
        }
        else if (element == 1 && token == JsonTokenType.String)
        {
            LastTransaction = Guid.TryParseExact(reader.GetString(), "D", out var id) && id != Guid.Empty ? id : null;
        }
        else if (element == 2 && token == JsonTokenType.StartObject && _found == false)
        {
            TablesDepth = 3;
            Streamed = true;
        }
    }
}
