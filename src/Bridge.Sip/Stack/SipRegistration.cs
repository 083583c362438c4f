using System.Globalization;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Stack;

/// <summary>
/// One binding the bridge keeps at a registrar (RFC 3261 §10.2): the address-of-record <c>sip:user@registrar-host</c>
/// bound to our Contact. Refreshes reuse the Call-ID and increase the CSeq (§10.2.4). Not thread-safe: one owner.
/// </summary>
public sealed class SipRegistration
{
    public SipRegistration(SipUri registrar, string user, string authUser, Func<string?> password)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        ArgumentException.ThrowIfNullOrEmpty(user);
        Registrar = registrar;
        User = user;
        AuthUser = string.IsNullOrEmpty(authUser) ? user : authUser;
        Password = password;
    }

    /// <summary>The registrar's URI (Request-URI of the REGISTER).</summary>
    public SipUri Registrar { get; }

    /// <summary>The extension (user part of To and From).</summary>
    public string User { get; }

    /// <summary>The digest username.</summary>
    public string AuthUser { get; }

    /// <summary>Reads the password when a challenge comes (null: unavailable).</summary>
    public Func<string?> Password { get; }

    internal string? CallId { get; set; }

    internal string FromTag { get; } = Transactions.SipIdentifiers.NewTag();

    internal long CSeq { get; set; }

    /// <summary>The address-of-record (§10.2: To and From).</summary>
    public SipUri AddressOfRecord => SipUri.Parse("sip:" + User + "@" + (Registrar.Port is { } port
        ? Registrar.Host + ":" + port.ToString(CultureInfo.InvariantCulture)
        : Registrar.Host));
}
