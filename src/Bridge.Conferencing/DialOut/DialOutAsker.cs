namespace Bridge.Conferencing.DialOut;

/// <summary>Who asks for a call out: <see cref="Owner"/> may have one call ringing at a time (a moderator's leg or
/// participant id; <c>api:room</c> for the admin API); <see cref="SourceIp"/> and <see cref="User"/> (masked) name the
/// asker on a SECURITY line; <see cref="ForLog"/> on the other lines.</summary>
internal readonly record struct DialOutAsker(string Owner, string SourceIp, string User, string ForLog);
