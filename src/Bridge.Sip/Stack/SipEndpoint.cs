using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Security;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Stack;

/// <summary>The SIP stack for the application: transports (RFC 3261 §18), transactions (§17), dialogs and INVITE
/// sessions (§12–§15). Incoming calls arrive through <see cref="IncomingCallHandler"/>; other requests outside a
/// dialog through <see cref="OutOfDialogRequestHandler"/> (default 405/501).</summary>
public sealed class SipEndpoint : IAsyncDisposable
{
    private readonly SipEndpointOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SipTransportLayer _transports;
    private readonly SipUserAgent _agent;
    private readonly SipRequestGuard _guard;
    private int _started;

    public SipEndpoint(SipEndpointOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (options.Tls is not null && options.TlsCertificate is null && options.TlsCredentials is null)
        {
            throw new ArgumentException("Tls needs TlsCertificate.", nameof(options));
        }

        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger("Bridge.Sip");
        _transports = new SipTransportLayer(_logger, options.UserAgent);
        _agent = new SipUserAgent(_transports, time, options, _logger);
        _guard = new SipRequestGuard(options.Guard, time, _logger, new SipSessionDirectory(_agent), options.Trunks);
        _transports.Handler = (message, remote) =>
        {
            if (_guard.Admit(message, remote))
            {
                _agent.OnMessage(message, remote);
            }
        };
    }

    /// <summary>Counters of the scanner and flood defence (<see cref="SipEndpointOptions.Guard"/>).</summary>
    public SipGuardStatistics GuardStatistics => _guard.Statistics;

    /// <summary>Bound transports with their real ports (after <see cref="StartAsync"/>).</summary>
    public IReadOnlyList<SipListenPoint> ListenPoints => _transports.ListenPoints;

    /// <summary>A new INVITE outside a dialog (100 Trying already sent). Without a handler calls get 480.</summary>
    public Func<IncomingCall, Task>? IncomingCallHandler
    {
        get => _agent.IncomingCallHandler;
        set => _agent.IncomingCallHandler = value;
    }

    /// <summary>Requests outside a dialog other than INVITE/OPTIONS (REGISTER, MESSAGE, SUBSCRIBE, unknown …).
    /// Return a response (build it with <see cref="CreateResponse"/>) or null for the default 405 (known methods,
    /// with Allow) / 501 (unknown). Runs on the receive loop: must be quick.</summary>
    public Func<SipRequest, SipRemote, SipResponse?>? OutOfDialogRequestHandler
    {
        get => _agent.OutOfDialogRequestHandler;
        set => _agent.OutOfDialogRequestHandler = value;
    }

    /// <summary>Asked about each new INVITE outside a dialog before a session is made; return a final response (build it
    /// with <see cref="CreateResponse"/>) to send instead, e.g. a digest challenge (RFC 3261 §22.2), or null to go on.
    /// Runs on the receive loop: must be quick.</summary>
    public Func<SipRequest, SipRemote, SipResponse?>? NewInviteFilter
    {
        get => _agent.NewInviteFilter;
        set => _agent.NewInviteFilter = value;
    }

    /// <summary>Live sessions.</summary>
    public IReadOnlyCollection<InviteSession> Sessions => _agent.Sessions;

    /// <summary>Builds a response to <paramref name="request"/> per RFC 3261 §8.2.6 (To tag, Server header).</summary>
    public SipResponse CreateResponse(SipRequest request, int statusCode, string? reason = null) =>
        _agent.CreateResponse(request, statusCode, reason);

    /// <summary>Binds every configured transport and starts receiving; from then on OPTIONS is answered.</summary>
    public Task StartAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("Already started.");
        }

        ct.ThrowIfCancellationRequested();
        var settings = new SipStreamSettings(
            _options.ParserLimits,
            _options.MaxTcpConnections,
            _options.MaxTcpConnectionsPerSource,
            _options.TcpIdleTimeout,
            _options.ConnectTimeout,
            _options.TlsCredentials ?? (_options.TlsCertificate is { } certificate ? new SipTlsCredentials(certificate) : null),
            _options.TlsServerCertificateValidation);
        try
        {
            if (_options.Udp is { } udp)
            {
                _transports.Add(new UdpSipTransport(udp, _options.ParserLimits, _logger) { Guard = _guard });
            }

            if (_options.Tcp is { } tcp)
            {
                _transports.Add(new StreamSipTransport(false, tcp, settings, _time, _logger));
            }

            if (_options.Tls is { } tls)
            {
                _transports.Add(new StreamSipTransport(true, tls, settings, _time, _logger));
            }
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // a port in use: release what was bound so far, then report
            return FailStartAsync(ex);
        }

        _transports.Start();
        return Task.CompletedTask;
    }

    private async Task FailStartAsync(Exception cause)
    {
        await _transports.DisposeAsync().ConfigureAwait(false);
        Volatile.Write(ref _started, 0);
        throw new InvalidOperationException("A SIP listen address could not be bound: " + cause.Message, cause);
    }

    /// <summary>Places a call (UAC): INVITE with the SDP offer; cancelling <paramref name="ct"/> sends CANCEL.</summary>
    public Task<OutgoingCallResult> CallAsync(SipUri target, SipUri from, ReadOnlyMemory<byte> sdpOffer, CancellationToken ct) =>
        _agent.CallAsync(target, from, sdpOffer, ct);

    /// <summary>Places a call (UAC) and answers one 401/407 with <paramref name="credentials"/> (RFC 3261 §22.2); cancelling
    /// <paramref name="ct"/> sends CANCEL once a provisional response came (§9.1). <paramref name="destination"/> (e.g. from
    /// <see cref="Resolver.SipServerLocator"/>) overrides where the INVITE is sent.</summary>
    public Task<OutgoingCallResult> CallAsync(SipUri target, SipUri from, ReadOnlyMemory<byte> sdpOffer, Bridge.Sip.Auth.SipCredentials? credentials, CancellationToken ct,
        Resolver.SipServerTarget? destination = null) =>
        _agent.CallAsync(target, from, sdpOffer, credentials, ct, destination is null ? null : new SipRemote(destination.Transport, destination.EndPoint));

    /// <summary>Places a call (UAC) to one server of an RFC 3263 list: as the call above, and a server that sends nothing at
    /// all (not even 100 Trying) within <paramref name="silence"/> is given up as a timeout (§4.3), so the caller can try the
    /// next one without spending its whole ring time on a dead server. <see cref="OutgoingCallResult.Unreached"/> tells.</summary>
    public Task<OutgoingCallResult> CallTargetAsync(SipUri target, SipUri from, ReadOnlyMemory<byte> sdpOffer, Bridge.Sip.Auth.SipCredentials? credentials,
        Resolver.SipServerTarget destination, TimeSpan silence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return _agent.CallAsync(target, from, sdpOffer, credentials, ct, new SipRemote(destination.Transport, destination.EndPoint), silence);
    }

    /// <summary>REGISTER (RFC 3261 §10.2) for <paramref name="registration"/>, answering one digest challenge; see
    /// <see cref="SipRegisterResult"/>.</summary>
    public Task<SipRegisterResult> RegisterAsync(SipRegistration registration, TimeSpan expires, CancellationToken ct) =>
        _agent.RegisterAsync(registration, expires, ct);

    /// <summary>OPTIONS ping (RFC 3261 §11); null on timeout or transport error.</summary>
    public Task<SipResponse?> SendOptionsAsync(SipUri target, CancellationToken ct) => _agent.SendOptionsAsync(target, ct);

    /// <summary>BYE every established session (487 for unanswered ones) and wait for their transactions.</summary>
    public Task ShutdownAsync(CancellationToken ct) => _agent.ShutdownAsync(ct);

    /// <summary>Closes the sockets (call <see cref="ShutdownAsync"/> first for a clean end of calls).</summary>
    public ValueTask DisposeAsync() => _transports.DisposeAsync();
}
