namespace Bridge.Conferencing.Browser;

/// <summary>Outcome of <see cref="IBrowserGateway.CheckPinAsync"/>; <see cref="Ticket"/> is set only when accepted.</summary>
public sealed record BrowserPinCheck(BrowserPinOutcome Outcome, BrowserTicket? Ticket);
