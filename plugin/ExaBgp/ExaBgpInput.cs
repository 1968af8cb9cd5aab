using System.Net;

namespace ExaHealth.ExaBgp;

/// <summary>One parsed stdin line; <see cref="Peer"/> is set for neighbor events.</summary>
internal readonly record struct ExaBgpInput(ExaBgpInputKind Kind, IPAddress? Peer = null);
