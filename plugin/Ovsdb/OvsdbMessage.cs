using System.Buffers;

namespace ExaHealth.Ovsdb;

/// <summary>
/// A JSON-RPC 1.0 envelope as RFC 7047 section 4 uses it, with its members left undecoded.
/// The slices point into the connection's receive buffer and are valid only until the reader
/// advances past the message, so a message is handled completely before the next is read.
/// </summary>
internal readonly struct OvsdbMessage
{
    public OvsdbMessage(
        string? method,
        ReadOnlySequence<byte> rawId,
        long? numericId,
        ReadOnlySequence<byte> parameters,
        ReadOnlySequence<byte> result,
        ReadOnlySequence<byte> error)
    {
        Method = method;
        RawId = rawId;
        NumericId = numericId;
        Params = parameters;
        Result = result;
        Error = error;
    }

    /// <summary>The method of a request or notification; null for a response.</summary>
    public string? Method { get; }

    /// <summary>The id exactly as sent, to echo back in a reply.</summary>
    public ReadOnlySequence<byte> RawId { get; }

    /// <summary>The id when it is an integer (ours always are).</summary>
    public long? NumericId { get; }

    public ReadOnlySequence<byte> Params { get; }

    public ReadOnlySequence<byte> Result { get; }

    /// <summary>The error member; empty when absent or null.</summary>
    public ReadOnlySequence<byte> Error { get; }

    public bool IsResponse => Method is null;

    public bool HasError => !Error.IsEmpty;
}
