namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>Joining the security dial plan's <c>media: secure</c> room 4713 over SIP TLS with a baresip phone.</summary>
public static class SecureRoom
{
    /// <summary>Dials room 4713 over TLS, keys the PIN as soon as the IVR asks for it and waits until the call joined.</summary>
    public static async Task JoinAsync(BridgeProcess bridge, int bridgeSipPort, Baresip phone, int sipPort)
    {
        var logBefore = bridge.ReadLog().Length;
        await phone.DialAsync($"sip:74713@127.0.0.1:{bridgeSipPort + 1};transport=tls");
        Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "TLS/SRTP call not established:\n" + string.Join('\n', phone.Events));
        var callId = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(sipPort), TimeSpan.FromSeconds(10), logBefore);
        await bridge.WaitForPinPromptAsync(callId, "4713", TimeSpan.FromSeconds(20));
        await phone.SendDigitsAsync("246810#");
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), $"baresip on {sipPort} joining room 4713", $"Call {callId} joined room 4713");
    }
}
