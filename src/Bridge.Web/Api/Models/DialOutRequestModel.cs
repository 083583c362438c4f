namespace Bridge.Web.Api.Models;

/// <summary><c>POST /api/v1/rooms/{number}/dialout</c> body: <c>{"number":"4711"}</c>.</summary>
public sealed record DialOutRequestModel(string Number);
