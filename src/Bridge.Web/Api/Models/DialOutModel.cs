namespace Bridge.Web.Api.Models;

/// <summary>A call out: <c>{"id","room","number":"***123","state","startedAt"}</c>; state is <c>calling</c>, <c>answered</c>,
/// <c>joined</c>, <c>declined</c>, <c>no-answer</c> or <c>failed</c>. The number is masked.</summary>
public sealed record DialOutModel(string Id, string Room, string Number, string State, DateTimeOffset StartedAt);
