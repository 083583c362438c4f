namespace Bridge.Sip.Messages;

/// <summary>SIP method names (RFC 3261 §7.1 and extensions: RFC 3262, 3311, 3265/6665, 3515, 3428, 6086, 3261 REGISTER).</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Info = "INFO";
    public const string Register = "REGISTER";
    public const string Prack = "PRACK";
    public const string Update = "UPDATE";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Refer = "REFER";
    public const string Message = "MESSAGE";

    private static readonly string[] Known = [Invite, Ack, Bye, Cancel, Options, Info, Register, Prack, Update, Subscribe, Notify, Refer, Message];

    /// <summary>Returns the shared constant for a known method (methods are case-sensitive, §7.1), otherwise a new string.</summary>
    internal static string Intern(ReadOnlySpan<char> method)
    {
        foreach (var known in Known)
        {
            if (method.SequenceEqual(known))
            {
                return known;
            }
        }

        return method.ToString();
    }

    /// <summary>Byte form of <see cref="Intern(ReadOnlySpan{char})"/>, allocation-free for known methods.</summary>
    internal static string Intern(ReadOnlySpan<byte> method)
    {
        foreach (var known in Known)
        {
            if (method.Length == known.Length && System.Text.Ascii.Equals(method, known))
            {
                return known;
            }
        }

        return System.Text.Encoding.UTF8.GetString(method);
    }
}
