namespace Bridge.WebRtc.Stun;

/// <summary>
/// The message types this stack reads and writes: the Binding method in its four classes
/// (RFC 8489 §5 and §18.2; class bits C1 = 0x0100 and C0 = 0x0010).
/// </summary>
internal static class StunMessageType
{
    public const ushort BindingRequest = 0x0001;
    public const ushort BindingIndication = 0x0011;
    public const ushort BindingSuccessResponse = 0x0101;
    public const ushort BindingErrorResponse = 0x0111;

    /// <summary>The class bits of a message type (RFC 8489 §5).</summary>
    public const ushort ClassMask = 0x0110;

    /// <summary>The class bits of a request: both zero.</summary>
    public const ushort RequestClass = 0x0000;

    /// <summary>The method bits of a message type, with the class bits removed (RFC 8489 §5).</summary>
    public static ushort Method(ushort type) => (ushort)(type & ~ClassMask & 0x3FFF);

    /// <summary>Whether the type is a request of any method.</summary>
    public static bool IsRequest(ushort type) => (type & ClassMask) == RequestClass;
}
