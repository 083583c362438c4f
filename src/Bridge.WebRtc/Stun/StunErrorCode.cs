namespace Bridge.WebRtc.Stun;

/// <summary>The error codes this stack sends, with their RFC reason phrases (RFC 8489 §14.8, RFC 8445 §16.1).</summary>
internal static class StunErrorCode
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int UnknownAttribute = 420;
    public const int RoleConflict = 487;

    /// <summary>The reason phrase for a code, as UTF-8.</summary>
    public static ReadOnlySpan<byte> Reason(int code) => code switch
    {
        BadRequest => "Bad Request"u8,
        Unauthorized => "Unauthorized"u8,
        UnknownAttribute => "Unknown Attribute"u8,
        RoleConflict => "Role Conflict"u8,
        _ => "Error"u8,
    };
}
