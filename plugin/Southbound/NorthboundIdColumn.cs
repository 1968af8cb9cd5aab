using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>SB Load_Balancer.external_ids:lb_id, the NB row ovn-northd made it from; read from a map or an update2 map diff.</summary>
internal static class NorthboundIdColumn
{
    public static Guid? Apply(Guid? current, OvsdbValue map, bool diff)
    {
        foreach (var (key, value) in map.PairsOrEmpty)
        {
            if (key.AsString() == "lb_id")
            {
                Guid? id = Guid.TryParseExact(value.AsString(), "D", out var parsed) ? parsed : null;
                return diff && current is not null && current == id ? null : id;
            }
        }

        return diff ? current : null;
    }
}
