namespace Bridge.Sip.Transport;

/// <summary>Transport tokens as written in the Via header (RFC 3261 §20.42).</summary>
public static class SipTransportNames
{
    /// <summary>User Datagram Protocol.</summary>
    public const string Udp = "UDP";

    /// <summary>Transmission Control Protocol.</summary>
    public const string Tcp = "TCP";

    /// <summary>TLS over TCP.</summary>
    public const string Tls = "TLS";

    /// <summary>Maps a URI "transport" parameter or a Via token to the canonical upper-case name, or null.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Equals(Udp, StringComparison.OrdinalIgnoreCase))
        {
            return Udp;
        }

        if (value.Equals(Tcp, StringComparison.OrdinalIgnoreCase))
        {
            return Tcp;
        }

        return value.Equals(Tls, StringComparison.OrdinalIgnoreCase) ? Tls : null;
    }

    /// <summary>Default port per RFC 3261 §19.1.2: 5061 for TLS, 5060 otherwise.</summary>
    public static int DefaultPort(string transport) =>
        string.Equals(transport, Tls, StringComparison.Ordinal) ? 5061 : 5060;
}
