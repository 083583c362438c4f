namespace Bridge.Sip.Parsing;

/// <summary>Short reasons reported by the parser; usable as the reason phrase of a 400 (RFC 3261 §21.4.1).</summary>
public static class SipParseErrors
{
    public const string MessageTooLarge = "Message Too Large";
    public const string TooManyHeaders = "Too Many Headers";
    public const string LineTooLong = "Line Too Long";
    public const string BadStartLine = "Bad Start Line";
    public const string BadRequestUri = "Bad Request-URI";
    public const string VersionNotSupported = "Version Not Supported";
    public const string BadStatusCode = "Bad Status Code";
    public const string BadHeader = "Bad Header";
    public const string BadContentLength = "Bad Content-Length";
    public const string MissingContentLength = "Missing Content-Length";
    public const string MultipleContentLength = "Multiple Content-Length";
    public const string MissingHeaders = "Missing End of Headers";
    public const string MissingCallId = "Missing Call-ID";
    public const string MissingCSeq = "Missing CSeq";
    public const string MissingFrom = "Missing From";
    public const string MissingTo = "Missing To";
    public const string MissingVia = "Missing Via";
    public const string BadCallId = "Bad Call-ID";
    public const string BadCSeq = "Bad CSeq";
    public const string CSeqMethodMismatch = "CSeq Method Mismatch";
    public const string BadFrom = "Bad From";
    public const string BadTo = "Bad To";
    public const string BadVia = "Bad Via";
    public const string BadContact = "Bad Contact";
    public const string BadMaxForwards = "Bad Max-Forwards";
    public const string BadDate = "Bad Date";
    public const string BadRoute = "Bad Route";
    public const string DuplicateHeader = "Duplicate Single-Value Header";
}
