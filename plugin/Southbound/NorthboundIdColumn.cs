using System.Buffers.Text;
using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>SB Load_Balancer.external_ids:lb_id, the NB row ovn-northd made it from; read from a map or an update2 map diff.</summary>
internal static class NorthboundIdColumn
{
    public static Guid? Apply(Guid? current, ref RowColumns columns, bool diff)
    {
        if (!columns.BeginMap())
        {
            return diff ? current : null;
        }

        Guid? result = diff ? current : null;
        while (columns.NextPair(out var key, out var value))
        {
            if (key.SequenceEqual("lb_id"u8))
            {
                Guid? id = Utf8Parser.TryParse(value, out Guid parsed, out int consumed, 'D') && consumed == value.Length ? parsed : null;
                result = diff && current is not null && current == id ? null : id;
            }
        }

        return result;
    }
}
