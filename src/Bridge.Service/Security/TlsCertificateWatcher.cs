using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Security;

/// <summary>
/// Reloads the SIP-over-TLS certificate when its files change (a renewal by certbot or the company CA),
/// so the next handshake presents the new one without a restart. A broken file is logged and the
/// current certificate stays in use.
/// </summary>
internal sealed partial class TlsCertificateWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromSeconds(1);

    private readonly string _certificatePath;
    private readonly string? _keyPath;
    private readonly string? _password;
    private readonly SipTlsCredentials _credentials;
    private readonly ILogger _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _timer;

    public TlsCertificateWatcher(string certificatePath, string? keyPath, string? password, SipTlsCredentials credentials, TimeProvider time, ILogger logger)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _password = password;
        _credentials = credentials;
        _logger = logger;
        _timer = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (var path in new[] { certificatePath, keyPath }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Loads the files now; returns whether the new certificate is in use.</summary>
    public bool Reload()
    {
        try
        {
            var certificate = TlsCertificateLoader.Load(_certificatePath, _keyPath, _password);
            if (certificate.Thumbprint == _credentials.Certificate.Thumbprint)
            {
                certificate.Dispose();
                return false;
            }

            _credentials.Replace(certificate);
            LogReloaded(TlsCertificateLoader.Sha256Fingerprint(certificate), certificate.NotAfter);
            return true;
        }
        catch (Exception exception) when (exception is IOException or System.Security.Cryptography.CryptographicException or ArgumentException or UnauthorizedAccessException)
        {
            LogReloadFailed(_certificatePath, exception.Message);
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _timer.Dispose();
    }

    // Writers replace a certificate in several steps (key, then chain): wait for quiet before loading.
    private void OnChanged(object sender, FileSystemEventArgs e) => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate reloaded (SHA-256 {Fingerprint}, valid until {NotAfter:yyyy-MM-dd})")]
    private partial void LogReloaded(string fingerprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "TLS certificate {Path} changed but could not be loaded; the previous certificate stays in use: {Reason}")]
    private partial void LogReloadFailed(string path, string reason);
}
