namespace ExaHealth.Southbound;

/// <summary>
/// One vips pair as read, with its parse result (null when it was refused). The pairs of a row are
/// its vips map as well, against which update2 map diffs are applied; the backend list is kept only
/// as a hash (<see cref="VipsMap.Hash"/>), which is all a diff needs to tell "same value" apart.
/// </summary>
internal sealed record ParsedVip(string Key, ulong ValueHash, VipEntry? Entry);
