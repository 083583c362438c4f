namespace Bridge.Web.Api;

/// <summary>One line of the audit log.</summary>
internal sealed record AuditEntry(DateTimeOffset At, string Token, string TokenId, string Address, string Action, string Room, string? Participant, int Status);
