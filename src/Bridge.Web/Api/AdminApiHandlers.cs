using Bridge.Conferencing;
using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Records;
using Bridge.Conferencing.Roster;
using Bridge.Web.Api.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Web.Api;

/// <summary>
/// What the <c>/api/v1</c> endpoints do: rooms from <see cref="IConferenceAdmin"/>, participants from the shared roster
/// (<see cref="IRoomRoster"/>) completed by <see cref="IParticipantDetails"/>, and the actions with their audit entry.
/// </summary>
internal sealed class AdminApiHandlers(IConferenceAdmin admin, IServiceProvider services, AdminAudit audit, TimeProvider time, AdminApiOptions options)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public IConferenceAdmin Admin => admin;

    public RoomsResponse GetRooms()
    {
        var rooms = admin.GetRooms();
        var models = new List<RoomModel>(rooms.Count);
        foreach (var room in rooms)
        {
            models.Add(ToModel(room));
        }

        return new RoomsResponse(models);
    }

    public IResult GetRoom(string number) =>
        FindRoom(number) is { } room ? TypedResults.Ok(ToModel(room)) : Problems.NotFound($"No room {number} is configured or open.");

    public IResult GetParticipants(string number) =>
        FindRoom(number) is { } room ? TypedResults.Ok(new ParticipantsResponse(Participants(room))) : Problems.NotFound($"No room {number} is configured or open.");

    public IResult GetParticipant(string number, string id)
    {
        id = Unescape(id);
        if (FindRoom(number) is not { } room)
        {
            return Problems.NotFound($"No room {number} is configured or open.");
        }

        foreach (var participant in Participants(room))
        {
            if (string.Equals(participant.Id, id, StringComparison.Ordinal))
            {
                return TypedResults.Ok(participant);
            }
        }

        return Problems.NotFound($"Room {number} has no participant with that id.");
    }

    public IResult GetDialPlan() =>
        services.GetService<IServiceStatus>() is { } status ? TypedResults.Ok(status.GetDialPlanStatus()) : Problems.NotFound("This host reports no dial plan status.");

    public ServiceModel GetService()
    {
        var rooms = admin.GetRooms();
        int open = 0;
        int participants = 0;
        foreach (var room in rooms)
        {
            open += room.Open ? 1 : 0;
            participants += room.Participants;
        }

        var now = time.GetUtcNow();
        var status = services.GetService<IServiceStatus>();
        var startedAt = status?.StartedAt ?? _startedAt;
        return new ServiceModel(options.Version, startedAt, (long)(now - startedAt).TotalSeconds, open, participants,
            status?.GetMixerHealth(), status?.GetDialPlanStatus());
    }

    /// <summary>
    /// Call records that ended in [from, to) (ISO 8601; default: all), oldest first, at most <paramref name="limit"/> (default and
    /// maximum 100 000), as JSON or CSV; 404 when the service keeps no records.
    /// </summary>
    public IResult GetRecords(string? from, string? to, int? limit, bool csv)
    {
        if (services.GetService<ICallRecords>() is not { } records)
        {
            return Problems.NotFound("This bridge keeps no call records.");
        }

        if (!TryParseTime(from, out var start) || !TryParseTime(to, out var end))
        {
            return Problems.BadRequest("'from' and 'to' are ISO 8601 times, e.g. 2026-12-01T00:00:00Z.");
        }

        if (limit is < 1 or > MaxRecords)
        {
            return Problems.BadRequest($"'limit' is 1 to {MaxRecords}.");
        }

        var list = records.Query(start, end, limit ?? MaxRecords);
        return csv
            ? Results.Text(CallRecordCsv.Write(list), "text/csv; charset=utf-8; header=present")
            : TypedResults.Ok(new RecordsResponse(list));
    }

    private const int MaxRecords = 100_000;

    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Runs an action, maps its outcome to 204 or 404, and writes the audit entry either way.</summary>
    public async Task<IResult> ActAsync(HttpContext http, string action, string number, string? id, Func<string?, Task<AdminResult>> run)
    {
        id = id is null ? null : Unescape(id);
        var result = await run(id).ConfigureAwait(false);
        IResult answer = result switch
        {
            AdminResult.Done => TypedResults.NoContent(),
            AdminResult.ParticipantNotFound => Problems.NotFound($"Room {number} has no participant with that id."),
            _ => Problems.NotFound($"Room {number} is not open."),
        };
        audit.Record(http, action, number, id, result == AdminResult.Done ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound);
        return answer;
    }

    /// <summary>A participant id is a SIP Call-ID, which may hold '/': clients send it percent-encoded, and routing leaves %2F as is.</summary>
    private static string Unescape(string id) => id.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(id) : id;

    private AdminRoom? FindRoom(string number)
    {
        foreach (var room in admin.GetRooms())
        {
            if (string.Equals(room.Number, number, StringComparison.Ordinal))
            {
                return room;
            }
        }

        return null;
    }

    private RoomModel ToModel(AdminRoom room) =>
        new(room.Number, room.Name, room.Locked, room.Open, room.Configured, room.OpenedAt, room.Open ? Participants(room) : []);

    private List<ParticipantModel> Participants(AdminRoom room)
    {
        var roster = services.GetService<IRoomRoster>();
        if (roster is null || !room.Open)
        {
            return [];
        }

        var entries = roster.Get(room.Number);
        var details = services.GetServices<IParticipantDetails>().ToArray();
        var models = new List<ParticipantModel>(entries.Count);
        foreach (var entry in entries)
        {
            ParticipantDetails? found = null;
            foreach (var source in details)
            {
                found ??= source.Get(entry.Id);
            }

            models.Add(new ParticipantModel(
                entry.Id,
                entry.Label,
                entry.Kind == ParticipantKind.Browser ? "browser" : "phone",
                entry.Role == ConferenceRole.Moderator ? "moderator" : "participant",
                found?.Codec,
                found?.Transport,
                found?.Secure ?? false,
                entry.Muted,
                found?.Talking ?? false,
                entry.JoinedAt,
                found?.Quality));
        }

        return models;
    }
}
