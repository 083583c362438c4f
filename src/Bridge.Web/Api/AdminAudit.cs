using System.Text.Json;
using Bridge.Web.Api.Auth;
using Bridge.Web.Api.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Api;

/// <summary>
/// The audit log of admin actions (issue 13): who (token name and id, client address), what (action, room, participant id),
/// when (UTC) and the outcome, one JSON object per line in <c>audit.log</c> under <c>Bridge:Data</c>, and in the service log.
/// Actions carry no PIN, so none can reach it.
/// </summary>
public sealed partial class AdminAudit
{
    /// <summary>File name under the data directory.</summary>
    public const string FileName = "audit.log";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger<AdminAudit> _logger;

    /// <summary>Creates the log in <paramref name="dataDirectory"/> (created on the first action).</summary>
    public AdminAudit(string dataDirectory, TimeProvider time, ILogger<AdminAudit> logger)
    {
        FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _time = time;
        _logger = logger;
    }

    /// <summary>The audit file.</summary>
    public string FilePath { get; }

    /// <summary>Records one action and its outcome (an HTTP status).</summary>
    public void Record(HttpContext http, string action, string room, string? participantId, int status)
    {
        ArgumentNullException.ThrowIfNull(http);
        var token = http.Items[BearerTokenFilter.TokenItem] as ApiTokenInfo;
        var entry = new AuditEntry(
            _time.GetUtcNow(),
            token?.Name ?? "?",
            token?.Id ?? "?",
            http.Connection.RemoteIpAddress?.ToString() ?? "?",
            action,
            room,
            participantId,
            status);
        var line = JsonSerializer.Serialize(entry, JsonSerializerOptions.Web);
        lock (_lock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.AppendAllText(FilePath, line + "\n");
        }

        LogAction(_logger, entry.Token, entry.Address, action, room, participantId ?? "-", status);
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Audit: token {Token} from {Address} {Action} room {Room} participant {Participant}: {Status}")]
    private static partial void LogAction(ILogger logger, string token, string address, string action, string room, string participant, int status);
}
