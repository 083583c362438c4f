namespace Bridge.Rtp.Srtp;

/// <summary>
/// SRTP protection for one call leg whose SDES keys may change by re-INVITE or UPDATE (RFC 4568 §7.1.4). The send and
/// receive contexts are replaced independently: keeping our key keeps our send context, so its rollover counter goes on
/// and no keystream is ever reused under one key (RFC 3711 §9.1). After the peer's key changes, packets that fail with
/// the new key are tried with the old one until the new one has authenticated a packet (the peer may switch before or
/// after our answer reaches it); then the old context is retired. Replaced contexts are disposed only once no packet
/// thread is inside them (<see cref="SrtpContextSlot{T}"/>). Same threading as <see cref="SrtpSession"/>.
/// </summary>
public sealed class RekeyableSrtpSession : IRtpProtector, IDisposable
{
    private readonly int _maxStreams;
    private readonly SrtpContextSlot<SrtpSender> _sender;
    private readonly SrtpContextSlot<SrtpReceiver> _receiver;
    private readonly SrtpContextSlot<SrtpReceiver> _previousReceiver = new(null);
    private int _disposed;

    /// <summary>Creates the session with the keys of the first exchange.</summary>
    /// <exception cref="ArgumentException">A key or salt length does not match its suite.</exception>
    public RekeyableSrtpSession(SrtpKeyMaterial send, SrtpKeyMaterial receive, int maxStreams = SrtpSession.DefaultMaxStreams)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(receive);
        _maxStreams = maxStreams;
        var sender = new SrtpSender(send, maxStreams);
        try
        {
            _receiver = new SrtpContextSlot<SrtpReceiver>(new SrtpReceiver(receive, maxStreams));
        }
        catch
        {
            sender.Dispose();
            throw;
        }

        _sender = new SrtpContextSlot<SrtpSender>(sender);
        SendSuite = send.Suite;
        ReceiveSuite = receive.Suite;
    }

    /// <summary>Suite used to protect outgoing packets.</summary>
    public SrtpSuite SendSuite { get; private set; }

    /// <summary>Suite used to check incoming packets.</summary>
    public SrtpSuite ReceiveSuite { get; private set; }

    /// <summary>How many times the peer's key was replaced.</summary>
    public int ReceiveKeyChanges { get; private set; }

    /// <summary>How many times our key was replaced.</summary>
    public int SendKeyChanges { get; private set; }

    /// <summary>Installs the peer's new key; the old one stays as a fallback until the new one authenticates a packet.</summary>
    /// <exception cref="ArgumentException">A key or salt length does not match its suite.</exception>
    public void ReplaceReceiveKey(SrtpKeyMaterial receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        var next = new SrtpReceiver(receive, _maxStreams);
        if (Volatile.Read(ref _disposed) != 0)
        {
            next.Dispose();
            return;
        }

        // The old context becomes the fallback (a packet in it meanwhile keeps it alive: it is counted per context).
        _previousReceiver.Install(_receiver.Swap(next));
        ReceiveSuite = receive.Suite;
        ReceiveKeyChanges++;
    }

    /// <summary>Installs our new key: packets from now on are protected with it (a fresh context: new key, ROC 0).</summary>
    /// <exception cref="ArgumentException">A key or salt length does not match its suite.</exception>
    public void ReplaceSendKey(SrtpKeyMaterial send)
    {
        ArgumentNullException.ThrowIfNull(send);
        var next = new SrtpSender(send, _maxStreams);
        if (Volatile.Read(ref _disposed) != 0)
        {
            next.Dispose();
            return;
        }

        _sender.Replace(next);
        SendSuite = send.Suite;
        SendKeyChanges++;
    }

    /// <inheritdoc/>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        if (!_sender.TryEnter(out var sender))
        {
            return -1;
        }

        try
        {
            return sender.Value.ProtectRtp(buffer, length);
        }
        finally
        {
            SrtpContextSlot<SrtpSender>.Exit(sender);
        }
    }

    /// <inheritdoc/>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (!_sender.TryEnter(out var sender))
        {
            return -1;
        }

        try
        {
            return sender.Value.ProtectRtcp(buffer, length);
        }
        finally
        {
            SrtpContextSlot<SrtpSender>.Exit(sender);
        }
    }

    /// <inheritdoc/>
    public bool TryUnprotectRtp(Span<byte> buffer, ref int length) => Unprotect(buffer, ref length, rtcp: false);

    /// <inheritdoc/>
    public bool TryUnprotectRtcp(Span<byte> buffer, ref int length) => Unprotect(buffer, ref length, rtcp: true);

    /// <summary>Disposes every context once no packet is inside it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sender.Replace(null);
        _receiver.Replace(null);
        _previousReceiver.Replace(null);
    }

    private static bool TryUnprotectWith(SrtpContextSlot<SrtpReceiver> slot, Span<byte> buffer, ref int length, bool rtcp)
    {
        if (!slot.TryEnter(out var receiver))
        {
            return false;
        }

        try
        {
            return rtcp ? receiver.Value.TryUnprotectRtcp(buffer, ref length) : receiver.Value.TryUnprotectRtp(buffer, ref length);
        }
        finally
        {
            SrtpContextSlot<SrtpReceiver>.Exit(receiver);
        }
    }

    private bool Unprotect(Span<byte> buffer, ref int length, bool rtcp)
    {
        // A failed check leaves the buffer untouched (authentication comes before decryption), so the fallback sees the packet as sent.
        if (TryUnprotectWith(_receiver, buffer, ref length, rtcp))
        {
            if (!rtcp && _previousReceiver.HasValue)
            {
                _previousReceiver.Replace(null);
            }

            return true;
        }

        return _previousReceiver.HasValue && TryUnprotectWith(_previousReceiver, buffer, ref length, rtcp);
    }
}
