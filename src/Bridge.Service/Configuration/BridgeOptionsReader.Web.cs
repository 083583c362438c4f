using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>The web host's keys under <c>Bridge:Web</c> (issue 9); README's table lists them.</summary>
internal static partial class BridgeOptionsReader
{
    public const string DefaultWebHttp = "0.0.0.0:8080";
    public const string DefaultWebHttps = "0.0.0.0:8443";

    private static WebHostOptions ReadWeb(IConfigurationSection section, List<string> problems)
    {
        var http = ReadEndPoint(section, "Web:Http", DefaultWebHttp, problems);
        var https = ReadEndPoint(section, "Web:Https", DefaultWebHttps, problems);
        if (http is not null && https is not null && http.Equals(https))
        {
            problems.Add($"Bridge:Web:Https: '{https}' is the same address as Bridge:Web:Http");
        }

        return new WebHostOptions { Http = http, Https = https, AllowedOrigins = ReadOrigins(section, "Web:AllowedOrigins", problems) };
    }

    /// <summary>A comma- or space-separated list (or a JSON array) of origins: <c>https://host[:port]</c>, no path.</summary>
    private static string[] ReadOrigins(IConfigurationSection section, string key, List<string> problems)
    {
        var text = section[key] ?? string.Join(',', section.GetSection(key).GetChildren().Select(child => child.Value));
        var origins = new List<string>();
        foreach (var item in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var origin = item.TrimEnd('/');
            if (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo) && !origin.Contains('#', StringComparison.Ordinal))
            {
                origins.Add(origin);
            }
            else
            {
                problems.Add($"Bridge:{key}: '{item}' is not an origin like https://host[:port]");
            }
        }

        return [.. origins];
    }
}
