using Bridge.Conferencing.Admin;
using Bridge.Web.Api.Auth;
using Bridge.Web.Api.Models;
using Bridge.Web.Api.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Api;

/// <summary>
/// The admin API (issue 13) under <c>/api/v1</c>: rooms and participants (with quality), the moderator actions, the service,
/// and its OpenAPI description at <c>/api/v1/openapi.json</c>. Every endpoint needs a bearer token (<see cref="BearerTokenFilter"/>);
/// errors are RFC 9457 problem+json. No CORS policy is added, so a browser page of another origin cannot read it; the
/// dashboard's OIDC session cookie (<c>SignIn/AdminSignIn</c>) counts only with its anti-CSRF header.
/// </summary>
public static class AdminApi
{
    /// <summary>Registers the API's services. The host registers <see cref="IConferenceAdmin"/>, and the roster and details when present.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services, AdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new ApiTokenStore(options.DataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AuthFailureLimiter(options.MaxAuthFailures, options.FailureWindow, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AdminAudit(options.DataDirectory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AdminAudit>>()));
        services.AddSingleton(sp => new BearerTokenFilter(sp.GetRequiredService<ApiTokenStore>(), sp.GetRequiredService<AuthFailureLimiter>(), options.MaxBodyBytes,
            sp.GetService<IApiSessionAuthenticator>()));
        services.AddSingleton<AdminApiHandlers>();
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        return services;
    }

    /// <summary>Maps <c>/api/v1</c>; returns the group so the host may add more under the same authentication.</summary>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.AddEndpointFilter(endpoints.ServiceProvider.GetRequiredService<BearerTokenFilter>());
        api.MapOpenApi("/{documentName}/openapi.json");

        var v1 = api.MapGroup("/v1").WithTags("admin");
        v1.MapGet("/rooms", static (AdminApiHandlers h) => TypedResults.Ok(h.GetRooms()));
        v1.MapGet("/rooms/{number}", static (AdminApiHandlers h, string number) => h.GetRoom(number))
            .Produces<RoomModel>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/rooms/{number}/participants", static (AdminApiHandlers h, string number) => h.GetParticipants(number))
            .Produces<ParticipantsResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/rooms/{number}/participants/{id}", static (AdminApiHandlers h, string number, string id) => h.GetParticipant(number, id))
            .Produces<ParticipantModel>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/service", static (AdminApiHandlers h) => TypedResults.Ok(h.GetService()));
        TokenInfoEndpoint.Map(v1);
        v1.MapGet("/dialplan", static (AdminApiHandlers h) => h.GetDialPlan())
            .Produces<DialPlanStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/records", static (AdminApiHandlers h, string? from, string? to, int? limit) => h.GetRecords(from, to, limit, csv: false))
            .Produces<RecordsResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/records.csv", static (AdminApiHandlers h, string? from, string? to, int? limit) => h.GetRecords(from, to, limit, csv: true))
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        ParticipantAction(v1, "mute", static (a, n, id) => a.SetMutedAsync(n, id, muted: true));
        ParticipantAction(v1, "unmute", static (a, n, id) => a.SetMutedAsync(n, id, muted: false));
        ParticipantAction(v1, "remove", static (a, n, id) => a.RemoveAsync(n, id));
        RoomAction(v1, "lock", static (a, n) => a.SetLockedAsync(n, locked: true));
        RoomAction(v1, "unlock", static (a, n) => a.SetLockedAsync(n, locked: false));
        RoomAction(v1, "end", static (a, n) => a.EndAsync(n));
        DialOutApi.Map(v1);

        // Anything else under /api/v1: 404, but only after the filter has authenticated (no hint to strangers).
        v1.MapFallback(static () => Problems.NotFound("No such resource."));
        return v1;
    }

    private static void ParticipantAction(RouteGroupBuilder group, string name, Func<IConferenceAdmin, string, string, Task<AdminResult>> run) =>
        AsAction(group.MapPost("/rooms/{number}/participants/{id}/" + name, (AdminApiHandlers h, HttpContext http, string number, string id) =>
            h.ActAsync(http, name, number, id, participant => run(h.Admin, number, participant!))));

    private static void RoomAction(RouteGroupBuilder group, string name, Func<IConferenceAdmin, string, Task<AdminResult>> run) =>
        AsAction(group.MapPost("/rooms/{number}/" + name, (AdminApiHandlers h, HttpContext http, string number) =>
            h.ActAsync(http, name, number, null, _ => run(h.Admin, number))));

    private static void AsAction(RouteHandlerBuilder action) => action
        .WithMetadata(new RequiredScope(ApiScope.Admin))
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
