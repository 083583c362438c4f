using System.Text.Json;
using Bridge.Conferencing;
using Bridge.Conferencing.DialOut;
using Bridge.Web.Api.Auth;
using Bridge.Web.Api.Models;
using Bridge.Web.Api.Tokens;
using Bridge.Web.Signalling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Web.Api;

/// <summary>
/// Dial-out through the admin API (issues 12 and 13): <c>POST /api/v1/rooms/{number}/dialout</c> with <c>{"number":"…"}</c>
/// (admin scope) takes the phone's path (<see cref="IDialOutActions"/>: the trunks' <c>dialOut.allow</c>, one call out at a
/// time per room, a SECURITY line on refusal) and answers 202 <c>{"id","state":"calling"}</c>; 400 for a malformed body
/// or number, 403 when no trunk allows the number, 404 for an unknown room, 409 while the room's previous call out rings.
/// <c>GET …/dialout/{id}</c> (read scope) gives the state. Every POST is audited with the number masked.
/// </summary>
internal static class DialOutApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/rooms/{number}/dialout", static (HttpContext http, string number, AdminAudit audit, AdminApiOptions options) =>
                DialAsync(http, number, audit, options))
            .WithMetadata(new RequiredScope(ApiScope.Admin))
            .Accepts<DialOutRequestModel>("application/json")
            .Produces<DialOutModel>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapGet("/rooms/{number}/dialout/{id}", static (HttpContext http, string number, string id) => Get(http, number, id))
            .Produces<DialOutModel>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> DialAsync(HttpContext http, string room, AdminAudit audit, AdminApiOptions options)
    {
        var actions = http.RequestServices.GetService<IDialOutActions>();
        var number = await ReadNumberAsync(http.Request, options.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        var masked = CallerSource.Mask(number);
        IResult answer;
        int status;
        if (number is null)
        {
            (answer, status) = (Problems.BadRequest("Send {\"number\":\"…\"} as JSON."), StatusCodes.Status400BadRequest);
        }
        else if (actions is null)
        {
            (answer, status) = (Problems.NotFound("This bridge does not call out."), StatusCodes.Status404NotFound);
        }
        else
        {
            var token = http.Items[BearerTokenFilter.TokenItem] as ApiTokenInfo;
            var address = http.Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
            var ticket = await actions.DialForAdminAsync(room, number, address, token?.Name ?? "?").ConfigureAwait(false);
            (answer, status) = ticket.Result switch
            {
                DialOutStart.Started => (TypedResults.Accepted($"/api/v1/rooms/{Uri.EscapeDataString(room)}/dialout/{ticket.Status!.Id}", ToModel(ticket.Status)),
                    StatusCodes.Status202Accepted),
                DialOutStart.Malformed => (Problems.BadRequest("'number' is 1 to 32 of 0-9, +, * and #."), StatusCodes.Status400BadRequest),
                DialOutStart.RoomNotFound => (Problems.NotFound($"No room {room} is configured."), StatusCodes.Status404NotFound),
                DialOutStart.Busy => (Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                    detail: $"A call out for room {room} is still ringing."), StatusCodes.Status409Conflict),
                _ => (Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: DialOutMessages.NotAllowedText), StatusCodes.Status403Forbidden),
            };
        }

        audit.Record(http, "dialout", room, "number " + masked, status);
        return answer;
    }

    private static IResult Get(HttpContext http, string room, string id) =>
        http.RequestServices.GetService<IDialOutActions>()?.GetDialOut(room, id) is { } status
            ? TypedResults.Ok(ToModel(status))
            : Problems.NotFound($"Room {room} has no call out with that id.");

    private static DialOutModel ToModel(DialOutStatus status) =>
        new(status.Id, status.Room, status.MaskedNumber, DialOutMessages.Name(status.State), status.StartedAt);

    /// <summary>The body's <c>number</c>; null when the body is not a JSON object with a string <c>number</c>, or too large.</summary>
    private static async Task<string?> ReadNumberAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 4 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("number", out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
