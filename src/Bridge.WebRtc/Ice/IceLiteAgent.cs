using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridge.WebRtc.Stun;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.WebRtc.Ice;

/// <summary>
/// An ICE-lite agent for one media port (RFC 8445 §2.5, §6.1.1): one component (bundle, rtcp-mux), host
/// candidates only, always in the controlled role, sending no checks of its own. It answers the peer's
/// Binding requests (§7.3), takes the source of a valid check with USE-CANDIDATE as the selected pair
/// (§7.3.1.5, §8.2; with one component the most recent nomination wins, so a peer that moves to another
/// path, e.g. after a network change, is followed without an ICE restart), tells the media path which sources did a valid check (anything else is dropped), and
/// tracks consent freshness (RFC 7675: consent expires 30 s after the last valid check).
/// </summary>
/// <remarks>
/// Thread-safe: checks come from the socket's receive thread, the selected address is read by senders.
/// A short lock guards the state; no I/O happens under it. <see cref="HandleStun"/> allocates nothing
/// once the source is known (the first valid check from an address, and a change of the selected pair,
/// allocate once).
/// </remarks>
public sealed partial class IceLiteAgent : IDisposable
{
    /// <summary>A response buffer at least this long holds every answer the agent writes.</summary>
    public const int MinimumResponseBufferLength = 128;

    /// <summary>Consent expires this long after the last valid check (RFC 7675 §5.1).</summary>
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>At most this many validated remote addresses are kept; the least recently checked one gives way.</summary>
    internal const int MaxValidatedAddresses = 8;

    private static readonly TimeSpan RejectLogInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StunMessageIntegrity _integrity;
    private readonly byte[] _localUfragPrefix;
    private readonly IceValidatedAddress?[] _validated = new IceValidatedAddress?[MaxValidatedAddresses];
    private byte[]? _expectedUsername;
    private string? _remoteUfrag;
    private IceValidatedAddress? _selected;
    private IPEndPoint? _selectedEndPoint;
    private long _lastRejectLog;
    private long _suppressedRejects;
    private bool _disposed;

    /// <summary>Creates the agent for the media port's host addresses.</summary>
    /// <param name="localCredentials">This agent's ufrag and password (<see cref="IceCredentials.Generate"/>).</param>
    /// <param name="hostEndPoints">The media address(es) and port, most preferred first; no wildcard.</param>
    /// <param name="timeProvider">Clock for consent; the system clock when null.</param>
    /// <param name="logger">Logger; nothing is logged when null.</param>
    public IceLiteAgent(
        IceCredentials localCredentials,
        IReadOnlyList<IPEndPoint> hostEndPoints,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentNullException.ThrowIfNull(hostEndPoints);
        if (hostEndPoints.Count == 0)
        {
            throw new ArgumentException("An ICE agent needs at least one host address.", nameof(hostEndPoints));
        }

        var candidates = new IceCandidate[hostEndPoints.Count];
        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = IceCandidate.Host(hostEndPoints[i], IceCandidate.MaxLocalPreference - i);
        }

        LocalCredentials = localCredentials;
        LocalCandidates = candidates;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _integrity = new StunMessageIntegrity(Encoding.UTF8.GetBytes(localCredentials.Password));
        _localUfragPrefix = Encoding.UTF8.GetBytes(localCredentials.Ufrag + ":");
        _lastRejectLog = long.MinValue;
    }

    /// <summary>Raised (on the receive thread, outside the agent's lock) when the selected remote address changes.</summary>
    public event EventHandler<IPEndPoint>? SelectedRemoteChanged;

    /// <summary>This agent's ufrag and password, for <c>a=ice-ufrag</c> and <c>a=ice-pwd</c>.</summary>
    public IceCredentials LocalCredentials { get; }

    /// <summary>The host candidates, for <c>a=candidate</c>.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates { get; }

    /// <summary>The SDP attributes of this agent's media section (<see cref="IceSdpAttributes.Media"/>).</summary>
    public IReadOnlyList<Bridge.Sdp.SdpAttribute> SdpMediaAttributes => IceSdpAttributes.Media(LocalCredentials, LocalCandidates);

    /// <summary>The peer's ufrag from its SDP, or null until <see cref="SetRemoteUfrag"/>.</summary>
    public string? RemoteUfrag
    {
        get
        {
            lock (_gate)
            {
                return _remoteUfrag;
            }
        }
    }

    /// <summary>The selected remote address (nominated by USE-CANDIDATE), or null before nomination.</summary>
    public IPEndPoint? SelectedRemoteEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _selectedEndPoint;
            }
        }
    }

    /// <summary>
    /// The selected remote address as a <see cref="SocketAddress"/> to send to without allocating, or null.
    /// The agent never changes this instance (a new selection is a new instance); callers must not change it either.
    /// </summary>
    public SocketAddress? SelectedRemoteAddress
    {
        get
        {
            lock (_gate)
            {
                return _selected?.Address;
            }
        }
    }

    /// <summary>
    /// Whether consent to send to the selected address has expired: no valid check from it for
    /// <see cref="ConsentTimeout"/> (RFC 7675 §5.1). False before nomination. The owner polls this and ends
    /// the session (stops sending) when it turns true.
    /// </summary>
    public bool IsConsentExpired
    {
        get
        {
            lock (_gate)
            {
                return _selected is not null && _time.GetElapsedTime(_selected.LastCheckTimestamp) >= ConsentTimeout;
            }
        }
    }

    /// <summary>
    /// Records the peer's ufrag from its SDP (RFC 8839 §5.4); checks must then carry USERNAME
    /// "localUfrag:remoteUfrag". Until it is known, any remote part after "localUfrag:" is accepted
    /// (MESSAGE-INTEGRITY with the local password still has to be right).
    /// </summary>
    /// <exception cref="ArgumentException">Not a valid ufrag.</exception>
    public void SetRemoteUfrag(string ufrag)
    {
        if (!IceCredentials.IsValidUfrag(ufrag))
        {
            throw new ArgumentException("An ICE ufrag is 4 to 256 ice-chars (RFC 8839 §5.4).", nameof(ufrag));
        }

        var expected = Encoding.UTF8.GetBytes(LocalCredentials.Ufrag + ":" + ufrag);
        lock (_gate)
        {
            _remoteUfrag = ufrag;
            _expectedUsername = expected;
        }
    }

    /// <summary>
    /// Whether media (RTP, RTCP, DTLS) from <paramref name="source"/> may be accepted: the address did a
    /// valid check, and its consent has not expired. Media from any other address is dropped (RFC 8445 §11,
    /// RFC 7675). Allocates nothing.
    /// </summary>
    public bool IsValidatedSource(SocketAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            var entry = Find(source);
            return entry is not null && _time.GetElapsedTime(entry.LastCheckTimestamp) < ConsentTimeout;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _integrity.Dispose();
        }
    }

    private IceValidatedAddress? Find(SocketAddress source)
    {
        foreach (var entry in _validated)
        {
            if (entry is not null && entry.Address.Equals(source))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Records a valid check from <paramref name="source"/>; the least recently checked entry (never the selected one) gives way when full.</summary>
    private IceValidatedAddress Touch(SocketAddress source, long now)
    {
        var entry = Find(source);
        if (entry is not null)
        {
            entry.LastCheckTimestamp = now;
            return entry;
        }

        var slot = 0;
        for (var i = 0; i < _validated.Length; i++)
        {
            var candidate = _validated[i];
            if (candidate is null)
            {
                slot = i;
                break;
            }

            var current = _validated[slot];
            if (current == _selected || (candidate != _selected && candidate.LastCheckTimestamp < current!.LastCheckTimestamp))
            {
                slot = i;
            }
        }

        entry = new IceValidatedAddress(source, now);
        _validated[slot] = entry;
        return entry;
    }

    private static IPEndPoint? ToEndPoint(SocketAddress address) => address.Family switch
    {
        AddressFamily.InterNetwork => (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address),
        AddressFamily.InterNetworkV6 => (IPEndPoint)new IPEndPoint(IPAddress.IPv6Any, 0).Create(address),
        _ => null,
    };
}
