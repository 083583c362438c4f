using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Transport;

/// <summary>Limits and TLS material for a TCP or TLS transport.</summary>
internal sealed record SipStreamSettings(
    SipParserLimits Limits,
    int MaxConnections,
    int MaxConnectionsPerSource,
    TimeSpan IdleTimeout,
    TimeSpan ConnectTimeout,
    SipTlsCredentials? Credentials,
    RemoteCertificateValidationCallback? ServerCertificateValidation);
