using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

/// <summary>
/// OpenSSL's <c>s_client</c> / <c>s_server</c> as an independent DTLS-SRTP peer on 127.0.0.1: its certificate
/// is made with <c>openssl ecparam/req</c>, its fingerprint computed by <c>openssl x509 -fingerprint</c>, and the
/// keying material it exports ("Keying material:" in its output) is compared with ours.
/// </summary>
internal sealed partial class OpenSslPeer : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private OpenSslPeer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Makes an ECDSA P-256 key and self-signed certificate in <paramref name="directory"/>; returns the paths and openssl's sha-256 fingerprint.</summary>
    public static (string Certificate, string Key, DtlsFingerprint Fingerprint) MakeCertificate(string directory)
    {
        var key = Path.Combine(directory, "k.pem");
        var certificate = Path.Combine(directory, "c.pem");
        Run($"ecparam -name prime256v1 -genkey -noout -out {key}");
        Run($"req -new -x509 -key {key} -out {certificate} -days 2 -subj /CN=openssl-peer");
        var line = Run($"x509 -in {certificate} -noout -fingerprint -sha256"); // "sha256 Fingerprint=AB:CD:…"
        var hex = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
        Assert.True(DtlsFingerprint.TryParse("sha-256 " + hex, out var fingerprint), line);
        return (certificate, key, fingerprint!);
    }

    public static OpenSslPeer StartClient(int port, string profile, int exportLength, string certificate, string key) =>
        Start($"s_client -dtls1_2 -connect 127.0.0.1:{port} -use_srtp {profile} -keymatexport EXTRACTOR-dtls_srtp " +
              $"-keymatexportlen {exportLength} -cert {certificate} -key {key}");

    public static OpenSslPeer StartServer(int port, string profile, int exportLength, string certificate, string key) =>
        Start($"s_server -dtls1_2 -accept 127.0.0.1:{port} -use_srtp {profile} -keymatexport EXTRACTOR-dtls_srtp " +
              $"-keymatexportlen {exportLength} -cert {certificate} -key {key} -Verify 1 -naccept 1");

    /// <summary>Waits until the output contains <paramref name="text"/>; fails the test with the output otherwise.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(stopwatch.Elapsed < timeout, $"openssl did not print '{text}':\n{Output}");
            Thread.Sleep(20);
        }
    }

    /// <summary>The hex after "Keying material:", once printed.</summary>
    public byte[] WaitForKeyingMaterial(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var match = KeyingMaterialPattern().Match(Output);
            if (match.Success)
            {
                return Convert.FromHexString(match.Groups[1].Value);
            }

            Assert.True(stopwatch.Elapsed < timeout, $"openssl printed no keying material:\n{Output}");
            Thread.Sleep(20);
        }
    }

    /// <summary>The first PEM certificate openssl printed (the peer's, i.e. ours).</summary>
    public byte[]? PrintedPeerCertificate()
    {
        var match = PemPattern().Match(Output);
        return match.Success ? Convert.FromBase64String(match.Groups[1].Value.Replace("\n", string.Empty, StringComparison.Ordinal)) : null;
    }

    /// <summary>Closes stdin (s_client then sends close_notify and exits).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static OpenSslPeer Start(string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new OpenSslPeer(Process.Start(start) ?? throw new InvalidOperationException("openssl did not start"));
    }

    private static string Run(string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {arguments} failed: {error}");
        return output;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"Keying material: ([0-9A-Fa-f]+)")]
    private static partial Regex KeyingMaterialPattern();

    [GeneratedRegex(@"-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=\n]+?)-----END CERTIFICATE-----")]
    private static partial Regex PemPattern();
}
