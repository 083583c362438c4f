namespace Bridge.Web.Api;

/// <summary>Settings of the admin API (validated by the service's configuration reader).</summary>
public sealed record AdminApiOptions
{
    /// <summary><c>Bridge:Data</c>: where the token file and the audit log live.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Failed authentications an address may make per <see cref="FailureWindow"/> before it gets 429.</summary>
    public int MaxAuthFailures { get; init; } = 10;

    /// <summary>The window of <see cref="MaxAuthFailures"/>.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest request body accepted (the API takes none today); larger gets 400.</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024;

    /// <summary>The version the service reports.</summary>
    public string Version { get; init; } = typeof(AdminApiOptions).Assembly.GetName().Version?.ToString() ?? "0";
}
