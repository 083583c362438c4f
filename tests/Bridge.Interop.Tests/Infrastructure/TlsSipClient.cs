using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A bare SIP client over TLS (RFC 3261 §26.3.1, RFC 5630) for hand-written requests that no peer sends, such as an
/// offer with only an MKI key: connects to 127.0.0.1, trusts only the test CA, frames messages by Content-Length.
/// </summary>
public sealed partial class TlsSipClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private readonly StringBuilder _pending = new();

    private TlsSipClient(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
    }

    /// <summary>The local port of the connection (for Via and Contact).</summary>
    public int LocalPort => ((System.Net.IPEndPoint)_tcp.Client.LocalEndPoint!).Port;

    public static async Task<TlsSipClient> ConnectAsync(int port, string caPem)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPem));
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        });
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        return new TlsSipClient(tcp, tls);
    }

    public async Task SendAsync(string message)
    {
        await _tls.WriteAsync(Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n")));
        await _tls.FlushAsync();
    }

    /// <summary>Reads the next final response (provisional ones are skipped); null when none came in time.</summary>
    public async Task<string?> ReadFinalResponseAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                while (TryTakeMessage(out var message))
                {
                    if (!ProvisionalLine().IsMatch(message))
                    {
                        return message;
                    }
                }

                var read = await _tls.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return null;
                }

                _pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
    }

    private bool TryTakeMessage(out string message)
    {
        message = "";
        var text = _pending.ToString();
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var length = ContentLength().Match(text[..end]) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var total = end + 4 + length;
        if (text.Length < total)
        {
            return false;
        }

        message = text[..total];
        _pending.Remove(0, total);
        return true;
    }

    [GeneratedRegex(@"(?im)^(?:Content-Length|l)\s*:\s*(\d+)")]
    private static partial Regex ContentLength();

    [GeneratedRegex(@"^SIP/2\.0 1\d\d ")]
    private static partial Regex ProvisionalLine();
}
