namespace Bridge.Web.Tests;

/// <summary>The WebSocket handshake was refused with an HTTP status.</summary>
internal sealed class SignallingRefusedException(int status, Exception inner) : Exception($"handshake refused with HTTP {status}", inner)
{
    public int Status { get; } = status;
}
