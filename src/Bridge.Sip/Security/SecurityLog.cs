using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Security;

/// <summary>SECURITY lines in the fixed format service/fail2ban/bridge.conf matches (<c>SECURITY &lt;event&gt; source=&lt;ip&gt;</c>).</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "SECURITY flood-ban source={Source:l} requests={Requests} ban={BanSeconds}s")]
    public static partial void FloodBan(ILogger logger, string source, int requests, long banSeconds);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "SECURITY scanner source={Source:l} agent={Agent:l}")]
    public static partial void Scanner(ILogger logger, string source, string agent);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "SECURITY flood-ban-caller source={Source:l} trunk={Trunk:l} user={User:l} requests={Requests} ban={BanSeconds}s")]
    public static partial void CallerFloodBan(ILogger logger, string source, string trunk, string user, int requests, long banSeconds);
}
