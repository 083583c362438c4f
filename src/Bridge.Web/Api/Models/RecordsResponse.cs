using Bridge.Conferencing.Records;

namespace Bridge.Web.Api.Models;

/// <summary><c>GET /api/v1/records</c>: <c>{"records":[…]}</c>, oldest first.</summary>
public sealed record RecordsResponse(IReadOnlyList<CallRecord> Records);
