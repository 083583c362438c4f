using Bridge.Service.Configuration;
using Bridge.Service.Security;
using Bridge.Calls;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// Binds the SIP listeners of <see cref="BridgeOptions"/> and hands new calls to the call manager.
/// OPTIONS is answered as soon as the listeners are bound.
/// </summary>
internal sealed partial class SipService(BridgeOptions options, TimeProvider time, ILoggerFactory loggerFactory, CallManager calls) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SipService>();
    private SipEndpoint? _endpoint;
    private TlsCertificateWatcher? _certificateWatcher;

    public SipEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("The SIP service has not started.");

    /// <summary>The request guard's figures, or null before the endpoint started (for /metrics).</summary>
    public Bridge.Sip.Security.SipGuardStatistics? GuardStatisticsOrNull => _endpoint?.GuardStatistics;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        SipTlsCredentials? credentials = null;
        if (options.SipTls is not null)
        {
            System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
            if (options.TlsCertificate is not null)
            {
                certificate = TlsCertificateLoader.Load(options.TlsCertificate, options.TlsKey, options.TlsPassword);
            }
            else
            {
                certificate = TlsCertificateLoader.LoadOrCreateDevelopment(options.DataDirectory, time, out var created);
                LogDevelopmentCertificate(created ? "Created" : "Using", TlsCertificateLoader.Sha256Fingerprint(certificate));
            }

            System.Security.Cryptography.X509Certificates.X509Certificate2Collection? clientAuthorities = null;
            if (options.TlsClientCa is not null)
            {
                clientAuthorities = [];
                clientAuthorities.ImportFromPemFile(options.TlsClientCa);
                LogClientCertificatesRequired(clientAuthorities.Count, options.TlsClientCa);
            }

            credentials = new SipTlsCredentials(certificate, clientAuthorities);
            if (options.TlsCertificate is not null)
            {
                _certificateWatcher = new TlsCertificateWatcher(options.TlsCertificate, options.TlsKey, options.TlsPassword, credentials, time,
                    loggerFactory.CreateLogger<TlsCertificateWatcher>());
            }
        }

        _endpoint = new SipEndpoint(
            new SipEndpointOptions { Udp = options.SipUdp, Tcp = options.SipTcp, Tls = options.SipTls, TlsCredentials = credentials, UserAgent = ProductVersion.SipAgent(options.SipShowVersion), Guard = options.Guard, Trunks = calls.TrunkDirectory, SessionTimerMinimum = options.SessionTimerMinimum, AdvertisedHost = options.SipAdvertisedHost },
            time,
            loggerFactory);
        _endpoint.IncomingCallHandler = calls.HandleAsync;
        var endpoint = _endpoint;
        endpoint.NewInviteFilter = (request, remote) => calls.CheckTrunkCredentials(request, remote, (r, status) => endpoint.CreateResponse(r, status));
        _endpoint.OutOfDialogRequestHandler = AnswerOutOfDialog;
        await _endpoint.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var point in _endpoint.ListenPoints)
        {
            LogListening(point.Transport, point.EndPoint.ToString());
        }
    }

    /// <summary>Issue #5, no extension enumeration: the bridge is no registrar (RFC 3261 §10.3 step 3: an
    /// address-of-record it does not serve gets 404), so every REGISTER gets exactly the answer an INVITE to an
    /// unknown number gets from the dial plan: 404 with the default reason phrase and the same headers.</summary>
    private SipResponse? AnswerOutOfDialog(SipRequest request, SipRemote remote) =>
        string.Equals(request.Method, SipMethods.Register, StringComparison.Ordinal) ? Endpoint.CreateResponse(request, 404) : null;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_endpoint is not null)
        {
            // Graceful stop: BYE to every call, then wait for those transactions.
            try
            {
                await calls.HangupAllAsync(cancellationToken).ConfigureAwait(false);
                await _endpoint.ShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogShutdownCut();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _certificateWatcher?.Dispose();
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP over TLS requires a client certificate issued by one of {Count} authorities in {Path}")]
    private partial void LogClientCertificatesRequired(int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stop timed out before every call had ended")]
    private partial void LogShutdownCut();

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP listening on {Transport} {EndPoint}")]
    private partial void LogListening(string transport, string endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Action} the self-signed development TLS certificate (SHA-256 {Fingerprint}); configure Bridge:Tls:Certificate for production")]
    private partial void LogDevelopmentCertificate(string action, string fingerprint);
}
