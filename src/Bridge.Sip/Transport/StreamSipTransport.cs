using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Transport;

/// <summary>TCP or TLS transport (RFC 3261 §18, §26.2.1): accepts connections (limited in total and per source
/// address), opens client connections on demand and reuses any open connection to the same peer.</summary>
internal sealed class StreamSipTransport : ISipTransport
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;
    private readonly Socket _listener;
    private readonly SipStreamSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _tls;
    private readonly ConcurrentDictionary<long, SipStreamConnection> _connections = new();
    private readonly ConcurrentDictionary<IPEndPoint, SipStreamConnection> _byRemote = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perSource = new();
    private readonly CancellationTokenSource _stop = new();
    private ISipTransportSink? _sink;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextId;

    public StreamSipTransport(bool tls, IPEndPoint bind, SipStreamSettings settings, TimeProvider time, ILogger logger)
    {
        if (tls && settings.Credentials is null)
        {
            throw new ArgumentException("A TLS transport needs a certificate.", nameof(settings));
        }

        _tls = tls;
        _settings = settings;
        _time = time;
        _logger = logger;
        _listener = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _listener.DualMode = bind.Address.Equals(IPAddress.IPv6Any);
        }

        _listener.Bind(bind);
        _listener.Listen(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public string Name => _tls ? SipTransportNames.Tls : SipTransportNames.Tcp;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Open connections (tests and metrics).</summary>
    public int ConnectionCount => _connections.Count;

    public void Start(ISipTransportSink sink)
    {
        _sink = sink;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                SipLog.ReceiveError(_logger, Name, ex.SocketErrorCode.ToString());
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AcceptOneAsync(socket));
        }
    }

    private async Task AcceptOneAsync(Socket socket)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        var source = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        var fromSource = _perSource.AddOrUpdate(source, 1, static (_, n) => n + 1);
        if (_connections.Count >= _settings.MaxConnections || fromSource > _settings.MaxConnectionsPerSource)
        {
            Release(source);
            SipLog.ConnectionRefused(_logger, Name, remote);
            socket.Dispose();
            return;
        }

        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        string? subject = null;
        if (_tls)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                using var timeout = new CancellationTokenSource(_settings.ConnectTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        // Asked per handshake, so a renewed certificate applies without a restart.
                        ServerCertificateSelectionCallback = (_, _) => _settings.Credentials!.Certificate,
                        EnabledSslProtocols = Protocols,
                        ClientCertificateRequired = _settings.Credentials!.RequireClientCertificate,
                        RemoteCertificateValidationCallback = _settings.Credentials.ValidateClient,
                    },
                    linked.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a failed handshake closes that connection only
            catch (Exception ex)
#pragma warning restore CA1031
            {
                SipLog.TlsHandshakeFailed(_logger, remote, ex.GetType().Name);
                await ssl.DisposeAsync().ConfigureAwait(false);
                socket.Dispose();
                Release(source);
                return;
            }

            stream = ssl;
            subject = ClientSubject(ssl);
        }

        var connection = Register(socket, stream, source, subject);
        await connection.RunAsync(_sink!).ConfigureAwait(false);
    }

    /// <summary>The subject of the client certificate, or null (none presented, or unreadable).</summary>
    private static string? ClientSubject(SslStream ssl)
    {
        try
        {
            return ssl.RemoteCertificate?.Subject;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ObjectDisposedException)
        {
            return null;
        }
    }

    private SipStreamConnection Register(Socket socket, Stream stream, IPAddress? countedSource, string? clientSubject = null)
    {
        var connection = new SipStreamConnection(Interlocked.Increment(ref _nextId), Name, socket, stream, _settings, _time, _logger)
        {
            ClientCertificateSubject = clientSubject,
        };
        connection.Closed += c =>
        {
            _connections.TryRemove(c.Id, out _);
            _byRemote.TryRemove(new KeyValuePair<IPEndPoint, SipStreamConnection>(c.RemoteEndPoint, c));
            if (countedSource is not null)
            {
                Release(countedSource);
            }
        };
        _connections[connection.Id] = connection;
        _byRemote[connection.RemoteEndPoint] = connection;
        return connection;
    }

    private void Release(IPAddress source)
    {
        if (_perSource.AddOrUpdate(source, 0, static (_, n) => Math.Max(0, n - 1)) == 0)
        {
            _perSource.TryRemove(new KeyValuePair<IPAddress, int>(source, 0));
        }
    }

    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipRemote destination, CancellationToken cancellationToken)
    {
        if ((destination.ConnectionId != 0 && _connections.TryGetValue(destination.ConnectionId, out var connection) && !connection.IsClosed) ||
            (_byRemote.TryGetValue(destination.EndPoint, out connection) && !connection.IsClosed))
        {
            return await connection.SendAsync(data, cancellationToken).ConfigureAwait(false);
        }

        var target = destination.ReconnectEndPoint ?? destination.EndPoint;
        if (!target.Equals(destination.EndPoint) && _byRemote.TryGetValue(target, out connection) && !connection.IsClosed)
        {
            return await connection.SendAsync(data, cancellationToken).ConfigureAwait(false);
        }

        connection = await ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        return connection is not null && await connection.SendAsync(data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a client connection (RFC 3261 §18.1.1); for TLS the caller's validation callback decides.</summary>
    private async Task<SipStreamConnection?> ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var timeout = new CancellationTokenSource(_settings.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token, cancellationToken);
            await socket.ConnectAsync(target, linked.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: false);
            if (_tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = target.Address.ToString(),
                        EnabledSslProtocols = Protocols,
                        RemoteCertificateValidationCallback = _settings.ServerCertificateValidation,
                        ClientCertificates = _settings.Credentials is { } own ? [own.Certificate] : null,
                    },
                    linked.Token).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // a failed connect is a transport error (false), never an exception
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SipLog.SendFailed(_logger, Name, target, ex.GetType().Name);
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            return null;
        }

        var connection = Register(socket, stream, countedSource: null);
        _ = Task.Run(() => connection.RunAsync(_sink!));
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
