using System.Security.Cryptography.X509Certificates;
using Bridge.Service.Configuration;
using Bridge.Service.Security;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// The HTTPS certificate: the one SIP over TLS uses (<c>Bridge:Tls:Certificate</c>, reloaded when its file changes),
/// or the development certificate under the data directory when none is configured, as for SIP.
/// </summary>
internal sealed partial class WebCertificate : IDisposable
{
    private readonly SipTlsCredentials _credentials;
    private readonly TlsCertificateWatcher? _watcher;

    private WebCertificate(SipTlsCredentials credentials, TlsCertificateWatcher? watcher)
    {
        _credentials = credentials;
        _watcher = watcher;
    }

    /// <summary>The certificate the next TLS handshake presents.</summary>
    public X509Certificate2 Current => _credentials.Certificate;

    public static WebCertificate Create(BridgeOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        if (options.TlsCertificate is not null)
        {
            var credentials = new SipTlsCredentials(TlsCertificateLoader.Load(options.TlsCertificate, options.TlsKey, options.TlsPassword));
            var watcher = new TlsCertificateWatcher(options.TlsCertificate, options.TlsKey, options.TlsPassword, credentials, time,
                loggerFactory.CreateLogger<TlsCertificateWatcher>());
            return new WebCertificate(credentials, watcher);
        }

        var development = TlsCertificateLoader.LoadOrCreateDevelopment(options.DataDirectory, time, out _);
        LogDevelopment(loggerFactory.CreateLogger<WebCertificate>(), TlsCertificateLoader.Sha256Fingerprint(development));
        return new WebCertificate(new SipTlsCredentials(development), null);
    }

    public void Dispose() => _watcher?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTPS uses the self-signed development certificate (SHA-256 {Fingerprint}); browsers will warn. Configure Bridge:Tls:Certificate for production")]
    private static partial void LogDevelopment(ILogger logger, string fingerprint);
}
