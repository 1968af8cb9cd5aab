namespace ExaHealth.Southbound;

/// <summary>One vips pair as read, with its parse result (null when it was refused), so a later diff reuses it.</summary>
internal sealed record ParsedVip(string Key, string Value, VipEntry? Entry);
