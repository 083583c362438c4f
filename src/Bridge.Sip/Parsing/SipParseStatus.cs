namespace Bridge.Sip.Parsing;

/// <summary>Outcome of parsing one message.</summary>
public enum SipParseStatus
{
    /// <summary>A whole, well-formed message.</summary>
    Ok,

    /// <summary>Streams only: the buffer does not yet hold a whole message; read more bytes.</summary>
    Incomplete,

    /// <summary>The bytes are not a valid SIP message (a request is answered 400, a response dropped).</summary>
    Malformed,

    /// <summary>A size or count limit was exceeded before the message was parsed.</summary>
    TooLarge,
}
