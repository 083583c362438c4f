using System.Collections.Frozen;

namespace Bridge.Sip.Messages;

/// <summary>Canonical header names (RFC 3261 §20) with their compact forms (§7.3.3) and which ones hold comma-separated lists (§7.3.1).</summary>
public static class SipHeaderNames
{
    public const string Accept = "Accept";
    public const string AcceptEncoding = "Accept-Encoding";
    public const string AcceptLanguage = "Accept-Language";
    public const string AlertInfo = "Alert-Info";
    public const string Allow = "Allow";
    public const string AllowEvents = "Allow-Events";
    public const string AuthenticationInfo = "Authentication-Info";
    public const string Authorization = "Authorization";
    public const string CallId = "Call-ID";
    public const string CallInfo = "Call-Info";
    public const string Contact = "Contact";
    public const string ContentDisposition = "Content-Disposition";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLanguage = "Content-Language";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Date = "Date";
    public const string ErrorInfo = "Error-Info";
    public const string Event = "Event";
    public const string Expires = "Expires";
    public const string From = "From";
    public const string InReplyTo = "In-Reply-To";
    public const string MaxForwards = "Max-Forwards";
    public const string MimeVersion = "MIME-Version";
    public const string MinExpires = "Min-Expires";
    public const string MinSE = "Min-SE";
    public const string Organization = "Organization";
    public const string PAssertedIdentity = "P-Asserted-Identity";
    public const string Path = "Path";
    public const string Priority = "Priority";
    public const string Privacy = "Privacy";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string ProxyRequire = "Proxy-Require";
    public const string RAck = "RAck";
    public const string Reason = "Reason";
    public const string RecordRoute = "Record-Route";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string ReplyTo = "Reply-To";
    public const string Require = "Require";
    public const string RetryAfter = "Retry-After";
    public const string Route = "Route";
    public const string RSeq = "RSeq";
    public const string Server = "Server";
    public const string ServiceRoute = "Service-Route";
    public const string SessionExpires = "Session-Expires";
    public const string Subject = "Subject";
    public const string SubscriptionState = "Subscription-State";
    public const string Supported = "Supported";
    public const string Timestamp = "Timestamp";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string Warning = "Warning";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string AcceptContact = "Accept-Contact";
    public const string RejectContact = "Reject-Contact";
    public const string RequestDisposition = "Request-Disposition";
    public const string Identity = "Identity";
    public const string IdentityInfo = "Identity-Info";

    private static readonly FrozenDictionary<string, string> Canonical = BuildCanonical();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CanonicalBySpan = Canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string> ListHeaders = new[]
    {
        Via, Route, RecordRoute, Contact, Allow, Supported, Require, ProxyRequire, Unsupported, Accept, AcceptEncoding,
        AcceptLanguage, AllowEvents, ContentEncoding, ContentLanguage, InReplyTo, AlertInfo, CallInfo, ErrorInfo, Warning,
        Path, ServiceRoute, PAssertedIdentity, Reason, AcceptContact, RejectContact, RequestDisposition, Privacy,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> SingleHeaders = new[]
    {
        CallId, CSeq, From, To, MaxForwards, ContentLength, ContentType,
    }.ToFrozenSet(StringComparer.Ordinal);

    private static FrozenDictionary<string, string> BuildCanonical()
    {
        string[] all =
        [
            Accept, AcceptEncoding, AcceptLanguage, AlertInfo, Allow, AllowEvents, AuthenticationInfo, Authorization, CallId,
            CallInfo, Contact, ContentDisposition, ContentEncoding, ContentLanguage, ContentLength, ContentType, CSeq, Date,
            ErrorInfo, Event, Expires, From, InReplyTo, MaxForwards, MimeVersion, MinExpires, MinSE, Organization,
            PAssertedIdentity, Path, Priority, Privacy, ProxyAuthenticate, ProxyAuthorization, ProxyRequire, RAck, Reason,
            RecordRoute, ReferTo, ReferredBy, ReplyTo, Require, RetryAfter, Route, RSeq, Server, ServiceRoute,
            SessionExpires, Subject, SubscriptionState, Supported, Timestamp, To, Unsupported, UserAgent, Via, Warning,
            WwwAuthenticate, AcceptContact, RejectContact, RequestDisposition, Identity, IdentityInfo,
        ];
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in all)
        {
            map[name] = name;
        }

        // Compact forms, RFC 3261 §7.3.3 and the IANA registry.
        map["v"] = Via;
        map["f"] = From;
        map["t"] = To;
        map["i"] = CallId;
        map["m"] = Contact;
        map["l"] = ContentLength;
        map["c"] = ContentType;
        map["k"] = Supported;
        map["s"] = Subject;
        map["e"] = ContentEncoding;
        map["o"] = Event;
        map["u"] = AllowEvents;
        map["r"] = ReferTo;
        map["b"] = ReferredBy;
        map["x"] = SessionExpires;
        map["a"] = AcceptContact;
        map["j"] = RejectContact;
        map["d"] = RequestDisposition;
        map["y"] = Identity;
        map["n"] = IdentityInfo;
        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Returns the canonical long form of a known name or compact form, otherwise the name itself.</summary>
    public static string Canonicalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Canonical.TryGetValue(name, out var canonical) ? canonical : name;
    }

    /// <summary>Canonical name for a known header, or null (no allocation either way).</summary>
    internal static string? TryGetCanonical(ReadOnlySpan<char> name) =>
        CanonicalBySpan.TryGetValue(name, out var canonical) ? canonical : null;

    /// <summary>True when values of this header are comma-separated lists (§7.3.1), so several values may share one line.</summary>
    public static bool IsList(string name) => ListHeaders.Contains(name);

    /// <summary>True for headers that may appear once only in a message (§20: Call-ID, CSeq, From, To, Max-Forwards, Content-Length, Content-Type).</summary>
    internal static bool IsSingle(string canonicalName) => SingleHeaders.Contains(canonicalName);
}
