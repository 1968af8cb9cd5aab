using System.Buffers;
using System.Text.Json;
using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Support;

/// <summary>
/// Writes generic table updates as update2 JSON (the inverse of <see cref="TableUpdateCollector"/>),
/// so that rows a test writes reach the replicas through the one reading path the plugin uses.
/// </summary>
internal static class TableUpdatesWriter
{
    public static TableUpdatesData Write(MonitorRequest request, IReadOnlyList<TableUpdate> tables)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            foreach (var table in tables)
            {
                json.WriteStartObject(table.Table);
                foreach (var row in table.Rows)
                {
                    json.WriteStartObject(row.Uuid.ToString("D"));
                    if (row.Kind == RowChangeKind.Delete)
                    {
                        json.WriteNull("delete"u8);
                    }
                    else
                    {
                        json.WriteStartObject(row.Kind switch { RowChangeKind.Initial => "initial", RowChangeKind.Insert => "insert", _ => "modify" });
                        foreach (var (column, value) in row.Columns)
                        {
                            json.WritePropertyName(column);
                            WriteValue(json, value);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return new TableUpdatesData(request, output.WrittenMemory.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter json, OvsdbValue value)
    {
        if (value.IsMap)
        {
            json.WriteStartArray();
            json.WriteStringValue("map"u8);
            json.WriteStartArray();
            foreach (var (key, item) in value.Pairs)
            {
                json.WriteStartArray();
                WriteAtom(json, key);
                WriteAtom(json, item);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndArray();
        }
        else if (value.Atoms.Length == 1)
        {
            WriteAtom(json, value.Atoms[0]);
        }
        else
        {
            json.WriteStartArray();
            json.WriteStringValue("set"u8);
            json.WriteStartArray();
            foreach (var atom in value.Atoms)
            {
                WriteAtom(json, atom);
            }

            json.WriteEndArray();
            json.WriteEndArray();
        }
    }

    private static void WriteAtom(Utf8JsonWriter json, OvsdbAtom atom)
    {
        switch (atom.Type)
        {
            case OvsdbAtomType.String:
                json.WriteStringValue(atom.AsString());
                break;
            case OvsdbAtomType.Integer:
                json.WriteNumberValue(atom.AsInteger()!.Value);
                break;
            case OvsdbAtomType.Real:
                json.WriteNumberValue(atom.AsReal()!.Value);
                break;
            case OvsdbAtomType.Boolean:
                json.WriteBooleanValue(atom.AsBoolean()!.Value);
                break;
            default:
                json.WriteStartArray();
                json.WriteStringValue("uuid"u8);
                json.WriteStringValue(atom.AsUuid()!.Value.ToString("D"));
                json.WriteEndArray();
                break;
        }
    }
}
