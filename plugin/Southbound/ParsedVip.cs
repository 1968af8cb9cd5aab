namespace ExaHealth.Southbound;

/// <summary>
/// One vips pair as read, with its parse result (null when it was refused). The pairs of a row are
/// its raw vips map as well, against which update2 map diffs are applied.
/// </summary>
internal sealed record ParsedVip(string Key, string Value, VipEntry? Entry);
