using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>What the transaction and dialog layers need from the transports; the tests supply an in-memory one.</summary>
internal interface ISipMessageChannel
{
    /// <summary>Sends serialised bytes; false is a transport error (RFC 3261 §17.1.4, §17.2.4). Never throws.</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipRemote destination);

    /// <summary>The listening point for a transport name, or null when that transport is not running.</summary>
    SipListenPoint? GetListenPoint(string transport);
}
