namespace Bridge.Sip.Stack;

/// <summary>The outcome of one REGISTER exchange: the final status (0: no answer) and, on 2xx, the expiry granted.</summary>
public readonly record struct SipRegisterResult(int Status, string? Reason, TimeSpan Granted)
{
    /// <summary>Whether the registrar accepted the binding.</summary>
    public bool Success => Status is >= 200 and < 300;
}
