using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ExaHealth.State;

/// <summary>
/// Writes an object whose one large array is streamed item by item: the object is given with the
/// array empty (serialized by its generated metadata, so the file keeps the shape its reader
/// expects) and the items are written in its place, flushed as they go. At 10,000 VIPs this is
/// the difference between megabytes of buffer on the large-object heap and a few kilobytes.
/// </summary>
internal static class StreamedJson
{
    private const int FlushBytes = 16 * 1024;

    public static void Write<T>(Stream stream, JsonElement head, string arrayProperty, IEnumerable<T> items, JsonTypeInfo<T> itemInfo, bool indented) =>
        Write(stream, head, arrayProperty, items, (json, item) => JsonSerializer.Serialize(json, item, itemInfo), indented);

    /// <summary>The same, with each item written by <paramref name="writeItem"/> (for items already serialized).</summary>
    public static void Write<T>(Stream stream, JsonElement head, string arrayProperty, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem, bool indented)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        json.WriteStartObject();
        foreach (var property in head.EnumerateObject())
        {
            if (!property.NameEquals(arrayProperty))
            {
                property.WriteTo(json);
                continue;
            }

            json.WriteStartArray(property.Name);
            foreach (var item in items)
            {
                writeItem(json, item);
                if (json.BytesPending > FlushBytes)
                {
                    json.Flush();
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
