using System.Diagnostics;
using System.Security.Cryptography;
using Bridge.Rtp.Srtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764) on the shared media port. The socket's receive loop hands every
/// datagram whose first byte is 20..63 (RFC 7983 §7) to <see cref="TryDeliver"/>; the endpoint sends through
/// a <see cref="DtlsDatagramSender"/>. The handshake (with BouncyCastle's retransmission) runs on the
/// endpoint's own thread, never on a receive loop or mixer thread, and ends within
/// <see cref="DtlsSrtpOptions.HandshakeTimeout"/>: <see cref="Handshake"/> then yields the SRTP keys or a
/// <see cref="DtlsHandshakeException"/>. After the handshake the thread stays to answer a peer that
/// retransmits its last flight and to notice close_notify (<see cref="Closed"/>); application data (data
/// channels) is not supported and is discarded.
/// </summary>
public sealed class DtlsSrtpEndpoint : IDisposable
{
    /// <summary>How long one post-handshake receive waits; also the most Dispose waits to send close_notify.</summary>
    private const int IdleReceiveMillis = 250;

    private static readonly SecureRandom Random = new();

    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly DtlsSrtpOptions _options;
    private readonly ILogger _logger;
    private readonly DtlsDatagramChannel _channel;
    private readonly int[] _profiles;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<DtlsSrtpKeys> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private volatile bool _disposed;

    /// <summary>Creates an endpoint; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="certificate">The bridge's certificate (the one whose fingerprint is in its SDP).</param>
    /// <param name="role">Server for <c>a=setup:passive</c>, client for <c>a=setup:active</c>.</param>
    /// <param name="remoteFingerprint">The peer's <c>a=fingerprint</c>; its certificate must match it.</param>
    /// <param name="send">Sends one datagram to the peer's ICE-selected address.</param>
    /// <param name="options">Timeouts, MTU, queue size and SRTP suites; <see cref="DtlsSrtpOptions.Default"/> when null.</param>
    /// <param name="logger">Handshake outcomes; never key material.</param>
    public DtlsSrtpEndpoint(
        DtlsCertificate certificate,
        DtlsRole role,
        DtlsFingerprint remoteFingerprint,
        DtlsDatagramSender send,
        DtlsSrtpOptions? options = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        ArgumentNullException.ThrowIfNull(send);
        _options = options ?? DtlsSrtpOptions.Default;
        _options.Validate();
        _certificate = certificate;
        Role = role;
        _remoteFingerprint = remoteFingerprint;
        _logger = logger ?? NullLogger.Instance;
        _profiles = DtlsSrtpProfiles.FromSuites(_options.SrtpSuites);
        _channel = new DtlsDatagramChannel(send, _options.Mtu, _options.QueueCapacity);
    }

    /// <summary>The bridge's side of the handshake.</summary>
    public DtlsRole Role { get; }

    /// <summary>Completes with the SRTP keys, or fails with a <see cref="DtlsHandshakeException"/>.</summary>
    public Task<DtlsSrtpKeys> Handshake => _handshake.Task;

    /// <summary>Completes when the association ends: the peer's close_notify or fatal alert, a failed handshake, or Dispose.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Datagrams dropped because the queue was full (a flood, or a stalled endpoint).</summary>
    public long DroppedDatagrams => _channel.Dropped;

    /// <summary>True for a datagram the RFC 7983 §7 demultiplexer gives to DTLS: first byte 20..63.</summary>
    public static bool IsDtls(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && datagram[0] is >= 20 and <= 63;

    /// <summary>Starts the handshake on the endpoint's own thread; later calls do nothing.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        var thread = new Thread(Run) { IsBackground = true, Name = "dtls-" + Role.ToString().ToLowerInvariant() };
        thread.Start();
    }

    /// <summary>
    /// Queues a datagram from the socket (copied; never blocks; allocation-free apart from the pool). Safe from any
    /// thread. False when dropped: not DTLS, too large, queue full, or the endpoint is disposed.
    /// </summary>
    public bool TryDeliver(ReadOnlySpan<byte> datagram) => IsDtls(datagram) && _channel.TryEnqueue(datagram);

    /// <summary>Stops the endpoint: a pending handshake fails with <see cref="DtlsFailure.Stopped"/>, an established association sends close_notify.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _lifetime.Cancel();
        if (Volatile.Read(ref _started) == 0)
        {
            _channel.Close();
            _handshake.TrySetException(new DtlsHandshakeException(DtlsFailure.Stopped, "DTLS endpoint disposed before start."));
            _closed.TrySetResult();
        }
    }

    private void Run()
    {
        try
        {
            var state = new DtlsPeerState(_certificate, _remoteFingerprint, _profiles, (int)_options.HandshakeTimeout.TotalMilliseconds);
            var transport = RunHandshake(state);
            if (transport is not null)
            {
                RunEstablished(transport, state);
            }
        }
        finally
        {
            _channel.Close();
            _closed.TrySetResult();
        }
    }

    /// <summary>Runs the handshake and completes <see cref="Handshake"/>; null when it failed.</summary>
    private DtlsTransport? RunHandshake(DtlsPeerState state)
    {
        var crypto = new BcTlsCrypto(Random);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        deadline.CancelAfter(_options.HandshakeTimeout);
        _channel.Token = deadline.Token;
        var stopwatch = Stopwatch.StartNew();
        DtlsTransport? transport = null;
        try
        {
            if (Role == DtlsRole.Server)
            {
                var server = new DtlsSrtpServer(crypto, state);
                // Browsers: ICE already proved the address (RFC 8445); SIP phones: a cookie exchange does (RFC 6347 §4.2.1).
                var protocol = new DtlsServerProtocol { VerifyRequests = _options.VerifyClientAddress };
                transport = protocol.Accept(server, _channel);
            }
            else
            {
                var client = new DtlsSrtpClient(crypto, state);
                transport = new DtlsClientProtocol().Connect(client, _channel);
            }

            var keys = CreateKeys(state);
            _channel.Token = CancellationToken.None; // from now on Dispose is seen by RunEstablished, which sends close_notify
            DtlsLog.HandshakeComplete(_logger, Role, keys.Suite, keys.PeerFingerprint.ToString(), stopwatch.ElapsedMilliseconds);
            _handshake.TrySetResult(keys);
            return transport;
        }
#pragma warning disable CA1031 // a dedicated thread: anything BouncyCastle throws ends the handshake, never the process
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var failure = Classify(exception, state);
            DtlsLog.HandshakeFailed(_logger, Role, failure, exception.Message);
            _handshake.TrySetException(exception as DtlsHandshakeException
                ?? new DtlsHandshakeException(failure, Describe(failure, exception), exception));
            SafeClose(transport);
            return null;
        }
    }

    /// <summary>
    /// Keeps reading after the handshake: BouncyCastle answers a retransmitted final flight from here (RFC 6347
    /// §4.2.4), and close_notify or a fatal alert ends the association. Dispose sends close_notify.
    /// </summary>
    private void RunEstablished(DtlsTransport transport, DtlsPeerState state)
    {
        var buffer = new byte[DtlsDatagramChannel.MaxDatagramLength];
        string reason;
        try
        {
            while (true)
            {
                if (_lifetime.IsCancellationRequested)
                {
                    reason = "disposed";
                    SafeClose(transport);
                    break;
                }

                transport.Receive(buffer, 0, buffer.Length, IdleReceiveMillis); // data channels unsupported: discarded
                if (state.AlertReceived == AlertDescription.close_notify)
                {
                    reason = "peer sent close_notify";
                    break;
                }
            }
        }
#pragma warning disable CA1031 // a dedicated thread: a failed association ends here, never the process
        catch (Exception exception)
#pragma warning restore CA1031
        {
            reason = _lifetime.IsCancellationRequested ? "disposed" : exception.Message;
        }

        DtlsLog.Closed(_logger, Role, reason);
    }

    private DtlsSrtpKeys CreateKeys(DtlsPeerState state)
    {
        var material = state.KeyingMaterial;
        if (material is null || state.PeerFingerprint is null)
        {
            throw new DtlsHandshakeException(DtlsFailure.Protocol, "DTLS handshake ended without keying material or peer certificate.");
        }

        try
        {
            if (!SrtpKeyMaterial.TrySplitDtlsKeyingMaterial(state.Suite, material, Role == DtlsRole.Server, out var send, out var receive))
            {
                throw new DtlsHandshakeException(DtlsFailure.Protocol, "DTLS exporter returned the wrong length.");
            }

            return new DtlsSrtpKeys(state.SelectedProfile, send!, receive!, state.PeerFingerprint);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private DtlsFailure Classify(Exception exception, DtlsPeerState state)
    {
        if (exception is DtlsHandshakeException handshakeException)
        {
            return handshakeException.Failure;
        }

        if (state.Failure is { } ours)
        {
            return ours;
        }

        return exception switch
        {
            TlsFatalAlertReceived => DtlsFailure.PeerAlert,
            TlsTimeoutException when _lifetime.IsCancellationRequested => DtlsFailure.Stopped,
            TlsTimeoutException => DtlsFailure.Timeout,
            _ => DtlsFailure.Protocol,
        };
    }

    private static string Describe(DtlsFailure failure, Exception exception) => failure switch
    {
        DtlsFailure.FingerprintMismatch => "The peer's DTLS certificate does not match the a=fingerprint of its SDP.",
        DtlsFailure.NoPeerCertificate => "The peer sent no DTLS certificate.",
        DtlsFailure.NoCommonProfile => "No common DTLS-SRTP protection profile.",
        DtlsFailure.Timeout => "The DTLS handshake did not complete in time.",
        DtlsFailure.Stopped => "The DTLS endpoint was stopped during the handshake.",
        DtlsFailure.PeerAlert => "The peer aborted the DTLS handshake: " + exception.Message,
        _ => "The DTLS handshake failed: " + exception.Message,
    };

    private static void SafeClose(DtlsTransport? transport)
    {
        try
        {
            transport?.Close();
        }
        catch (IOException)
        {
            // close_notify is best effort.
        }
    }
}
