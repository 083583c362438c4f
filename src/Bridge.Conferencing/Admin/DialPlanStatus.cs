namespace Bridge.Conferencing.Admin;

/// <summary>
/// The dial plan in use and its last reload, for the admin API. Errors are given by place only (file, line, column): their
/// messages may quote a value from the file, and a dial plan may hold PINs.
/// </summary>
/// <param name="Files">The files of the plan in use.</param>
/// <param name="Rooms">Rooms it defines.</param>
/// <param name="Routes">Routes it defines.</param>
/// <param name="LastReloadAt">When a reload was last tried; null when none was since start.</param>
/// <param name="LastReloadFailed">True when that reload failed (the previous plan stayed).</param>
/// <param name="LastErrorPlaces">Where the failed reload's errors are (<c>file:line:column</c>); empty after a good reload.</param>
public sealed record DialPlanStatus(IReadOnlyList<string> Files, int Rooms, int Routes, DateTimeOffset? LastReloadAt, bool LastReloadFailed, IReadOnlyList<string> LastErrorPlaces);
