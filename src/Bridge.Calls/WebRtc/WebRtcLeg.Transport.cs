using System.Net;
using System.Net.Sockets;
using Bridge.Rtp;
using Bridge.WebRtc.Dtls;
using Bridge.WebRtc.Ice;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// The one-port demultiplexing of a browser leg (RFC 7983 §7): STUN to the ICE-lite agent and its answer back to the
/// source (RFC 8445 §7.3); DTLS to the DTLS-SRTP endpoint, only from an address that did a valid check; SRTP/SRTCP
/// through the RTP session's source filter (ICE-validated addresses only) and the key gate. Runs on the socket's receive
/// loop: nothing here throws, and after the first datagram from a source nothing allocates.
/// </summary>
internal sealed partial class WebRtcLeg
{
    private void OnNonMediaDatagram(RtpSession session, ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        try
        {
            if (datagram.Length > 0 && datagram[0] < 4)
            {
                // Only the receive loop uses _stunResponse: one loop per socket with rtcp-mux.
                _ice.HandleStun(datagram, from, _stunResponse, out var length);
                if (length > 0)
                {
                    _rtp.SendDatagram(_stunResponse.AsSpan(0, length), from);
                }

                return;
            }

            if (!DtlsSrtpEndpoint.IsDtls(datagram))
            {
                return;
            }

            if (!_ice.IsValidatedSource(from))
            {
                Interlocked.Increment(ref _dtlsFromUnvalidated);
                if (Interlocked.Exchange(ref _reportedForeignDtls, 1) == 0)
                {
                    LogForeignDtls(Id);
                }

                return;
            }

            if (_dtlsPeer is not { } peer || !peer.Equals(from))
            {
                _dtlsPeer = Copy(from);
            }

            _dtls.TryDeliver(datagram);
        }
#pragma warning disable CA1031 // bad network input must never end the receive loop (docs/architecture.md §4)
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogDatagramFailed(Id, exception.Message);
        }
    }

    /// <summary>The RTP session's source filter: media only from an address whose ICE check is valid and fresh.</summary>
    private bool IsMediaSource(SocketAddress from)
    {
        if (_ice.IsValidatedSource(from))
        {
            return true;
        }

        if (Interlocked.Exchange(ref _reportedForeignMedia, 1) == 0)
        {
            LogForeignMedia(Id);
        }

        return false;
    }

    /// <summary>DTLS endpoint thread: to the selected pair, or before nomination to the validated address the peer's DTLS came from.</summary>
    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        if ((_ice.SelectedRemoteAddress ?? _dtlsPeer) is { } to)
        {
            _rtp.SendDatagram(datagram, to);
        }
    }

    private void OnSelectedRemoteChanged(object? sender, IPEndPoint selected)
    {
        // Media goes to the nominated address from now on (RFC 8445 §8.2; a later nomination moves it).
        _rtp.ResetLatch(selected);
        LogSelected(Id);
        OnVideoPathSelected();
    }

    private async Task WatchHandshakeAsync()
    {
        try
        {
            var keys = await _dtls.Handshake.ConfigureAwait(false);
            _srtp.Install(keys.CreateSession());
            InstallVideoKeys(keys);
            LogKeys(Id, keys.Suite.ToString());
            await _dtls.Closed.ConfigureAwait(false);
            if (!IsReleased)
            {
                Release("the browser closed DTLS");
            }
        }
        catch (DtlsHandshakeException exception)
        {
            if (!IsReleased)
            {
                LogDtlsFailed(Id, exception.Failure, exception.Message);
                Release("DTLS handshake failed: " + exception.Failure);
            }
        }
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Browser {LegId}: SRTP/SRTCP arrived before DTLS gave keys; dropped (a browser's first packets; further drops are counted, not logged)")]
    private partial void LogSrtpBeforeKeys(string legId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Browser {LegId}: media from an address that did no valid ICE check; dropped (further drops are counted, not logged)")]
    private partial void LogForeignMedia(string legId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Browser {LegId}: DTLS from an address that did no valid ICE check; dropped (further drops are counted, not logged)")]
    private partial void LogForeignDtls(string legId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Browser {LegId}: a datagram could not be handled: {Reason}")]
    private partial void LogDatagramFailed(string legId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser {LegId}: ICE nominated a path")]
    private partial void LogSelected(string legId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser {LegId}: DTLS-SRTP keys ready ({Suite})")]
    private partial void LogKeys(string legId, string suite);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Browser {LegId}: DTLS refused ({Failure}): {Reason}")]
    private partial void LogDtlsFailed(string legId, DtlsFailure failure, string reason);
}
