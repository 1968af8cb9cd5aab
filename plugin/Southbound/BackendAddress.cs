namespace ExaHealth.Southbound;

/// <summary>
/// What the rows of a backend share, (ip, port, protocol): the <see cref="BackendTable"/>'s index
/// key. Narrower than <see cref="BackendKey"/> (no logical port, always null there): 8 bytes less
/// for each of tens of thousands of backends.
/// </summary>
internal readonly record struct BackendAddress(IpKey Address, int Port, BackendProtocol Protocol)
{
    public static BackendAddress Of(BackendKey key) => new(key.Address, key.Port, key.Protocol);
}
