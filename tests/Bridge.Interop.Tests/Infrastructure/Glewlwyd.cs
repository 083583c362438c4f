using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider for the dashboard sign-in tests: Debian's <c>glewlwyd</c> (2.7, its OIDC plugin, SQLite),
/// run as a plain process from a temporary directory with a configuration written here; no systemd, nothing left in /etc or
/// /var. Recipe (docs/oidc.md): the package's SQLite schema into a new database; the user module told to keep a multi-valued
/// <c>groups</c> property; <c>openid</c> made a password scope. A first run on 127.0.0.1 of this namespace is provisioned
/// through glewlwyd's admin API (with the schema's built-in admin/password, only ever on loopback in a throwaway database): the
/// OIDC plugin (RS256 key made here, PKCE, claims <c>groups</c> and <c>preferred_username</c>), the users, the confidential
/// client <c>bridge</c>, and each user's grant of <c>openid</c> to it (so no consent page). Then the provider runs again, in the
/// test's <see cref="Browser.LoopbackNamespace"/> beside the bridge and Chromium, from the same database.
/// </summary>
public sealed class Glewlwyd : IAsyncDisposable
{
    public const string ClientId = "bridge";
    private const string Program = "glewlwyd";
    private const string Schema = "/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3";
    private const string WebApp = "/usr/share/glewlwyd/webapp";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines;
    private readonly string _directory;

    private Glewlwyd(Process process, ConcurrentQueue<string> lines, string directory, int port, string clientSecret)
    {
        _process = process;
        _lines = lines;
        _directory = directory;
        Issuer = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/oidc");
        ClientSecret = clientSecret;
    }

    /// <summary>The issuer (the bridge's <c>Bridge:Admin:Oidc:Authority</c>).</summary>
    public Uri Issuer { get; }

    public string ClientSecret { get; }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>A user of the provider: name, password and the values of its <c>groups</c> claim.</summary>
    public sealed record User(string Name, string Password, params string[] Groups);

    /// <summary>Provisions and starts the provider on 127.0.0.1:<paramref name="port"/> in <paramref name="space"/> (a network namespace name).</summary>
    public static async Task<Glewlwyd> StartAsync(string space, int port, Uri redirectUri, params User[] users)
    {
        var glewlwyd = PeerTool.Require(Program);
        Assert.True(File.Exists(Schema), $"{Schema} is missing: the glewlwyd package is incomplete");
        var directory = Directory.CreateTempSubdirectory("glewlwyd-").FullName;
        var database = Path.Combine(directory, "glewlwyd.db");
        await CreateDatabaseAsync(database);
        PrepareWebApp(Path.Combine(directory, "webapp"));
        var issuer = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/oidc";
        var clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        // First run: in this namespace, for the admin API.
        var setupPort = FreeTcpPort();
        var setupConfig = WriteConfig(directory, "setup.conf", setupPort, database);
        var lines = new ConcurrentQueue<string>();
        var setup = Launch(glewlwyd, [], setupConfig, lines);
        try
        {
            await WaitStartedAsync(setup, lines);
            await ProvisionAsync(new Uri($"http://127.0.0.1:{setupPort.ToString(CultureInfo.InvariantCulture)}/api/"), issuer, redirectUri, clientSecret, users, lines);
        }
        finally
        {
            await StopAsync(setup);
        }

        // Second run: in the test's namespace, on the port the issuer names.
        var config = WriteConfig(directory, "glewlwyd.conf", port, database);
        var finalLines = new ConcurrentQueue<string>();
        var process = Launch("ip", ["netns", "exec", space, glewlwyd], config, finalLines);
        var provider = new Glewlwyd(process, finalLines, directory, port, clientSecret);
        try
        {
            await WaitStartedAsync(process, finalLines);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return provider;
    }

    private static async Task CreateDatabaseAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = await File.ReadAllTextAsync(Schema) + "\n" +
            // A multi-valued user property for the groups claim; openid needs the password (asked at the login page).
            "UPDATE g_user_module_instance SET gumi_parameters = '{\"use-glewlwyd-connection\":true,\"data-format\":{\"groups\":{\"multiple\":true,\"read\":true,\"write\":true,\"profile-read\":false,\"profile-write\":false}}}' WHERE gumi_name = 'database';\n" +
            "UPDATE g_scope SET gs_password_required = 1, gs_password_max_age = 3600 WHERE gs_name = 'openid';";
        await command.ExecuteNonQueryAsync();
    }

    private static void PrepareWebApp(string webapp)
    {
        // The package's login page, copied: glewlwyd serves no symbolic link, and config.json is one (into /etc) in the package.
        Directory.CreateDirectory(webapp);
        foreach (var entry in Directory.EnumerateFileSystemEntries(WebApp))
        {
            var target = Path.Combine(webapp, Path.GetFileName(entry));
            if (Path.GetFileName(entry) == "config.json" && Directory.Exists(entry))
            {
                File.Copy(Path.Combine(entry, "config.json"), target);
            }
            else if (Directory.Exists(entry))
            {
                CopyDirectory(entry, target);
            }
            else
            {
                File.Copy(entry, target);
            }
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }

    private static string WriteConfig(string directory, string name, int port, string database)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, $$"""
            port={{p}}
            bind_address="127.0.0.1"
            external_url="http://127.0.0.1:{{p}}"
            login_url="login.html"
            api_prefix="api"
            static_files_path="{{directory}}/webapp/"
            allow_origin="http://127.0.0.1:{{p}}"
            log_mode="console"
            log_level="INFO"
            cookie_secure=0
            cookie_same_site="lax"
            session_expiration=3600
            session_key="GLEWLWYD2_SESSION_ID"
            admin_session_authentication="cookie"
            profile_session_authentication="cookie"
            allow_multiple_user_per_session=false
            login_api_enabled=true
            admin_scope="g_admin"
            profile_scope="g_profile"
            user_module_path="/usr/lib/glewlwyd/user"
            client_module_path="/usr/lib/glewlwyd/client"
            user_auth_scheme_module_path="/usr/lib/glewlwyd/scheme"
            plugin_module_path="/usr/lib/glewlwyd/plugin"
            hash_algorithm="SHA512"
            database = { type = "sqlite3" path = "{{database}}" };
            static_files_mime_types = (
              { extension = ".html" mime_type = "text/html" },
              { extension = ".css" mime_type = "text/css" },
              { extension = ".js" mime_type = "application/javascript" },
              { extension = ".json" mime_type = "application/json" },
              { extension = ".png" mime_type = "image/png" },
              { extension = ".ico" mime_type = "image/x-icon" },
              { extension = ".woff2" mime_type = "font/woff2" },
              { extension = ".woff" mime_type = "font/woff" },
              { extension = ".ttf" mime_type = "font/ttf" }
            );
            """);
        return path;
    }

    private static Process Launch(string file, string[] prefix, string config, ConcurrentQueue<string> lines)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in prefix.Append("--config-file=" + config))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitStartedAsync(Process process, ConcurrentQueue<string> lines)
    {
        var clock = Stopwatch.StartNew();
        while (!lines.Any(line => line.Contains("Glewlwyd started on port", StringComparison.Ordinal)))
        {
            Assert.False(process.HasExited, "glewlwyd exited at start:\n" + string.Join("\n", lines));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "glewlwyd did not start within 15 s:\n" + string.Join("\n", lines));
            await Task.Delay(50);
        }
    }

    private static async Task ProvisionAsync(Uri api, string issuer, Uri redirectUri, string clientSecret, User[] users, ConcurrentQueue<string> lines)
    {
        using var key = RSA.Create(2048);
        var plugin = new JsonObject
        {
            ["module"] = "oidc", ["name"] = "oidc", ["display_name"] = "OpenID Connect", ["enabled"] = true,
            ["parameters"] = new JsonObject
            {
                ["iss"] = issuer, ["jwt-type"] = "rsa", ["jwt-key-size"] = "256",
                ["key"] = key.ExportPkcs8PrivateKeyPem(), ["cert"] = key.ExportSubjectPublicKeyInfoPem(),
                ["access-token-duration"] = 600, ["refresh-token-duration"] = 3600, ["code-duration"] = 120, ["refresh-token-rolling"] = false,
                ["allow-non-oidc"] = false, ["auth-type-code-enabled"] = true, ["auth-type-token-enabled"] = false,
                ["auth-type-id-token-enabled"] = false, ["auth-type-none-enabled"] = false, ["auth-type-password-enabled"] = false,
                ["auth-type-client-enabled"] = false, ["auth-type-refresh-enabled"] = false, ["subject-type"] = "public",
                ["jwks-show"] = true, ["pkce-allowed"] = true, ["pkce-method-plain-allowed"] = false,
                ["session-management-allowed"] = true, ["session-cookie-name"] = "GLEWLWYD2_OIDC_SID", ["session-cookie-expiration"] = 3600,
                ["name-claim"] = "no", ["email-claim"] = "no", ["address-claim"] = new JsonObject { ["type"] = "no" },
                ["claims"] = new JsonArray(
                    new JsonObject { ["name"] = "groups", ["user-property"] = "groups", ["type"] = "string", ["mandatory"] = true, ["on-demand"] = false },
                    new JsonObject { ["name"] = "preferred_username", ["user-property"] = "username", ["type"] = "string", ["mandatory"] = true, ["on-demand"] = false }),
                ["scope"] = new JsonArray(),
            },
        };
        using (var admin = NewClient(api))
        {
            await SignInAsync(admin, "admin", "password", lines);
            await PostAsync(admin, "mod/plugin/", plugin, lines);
            foreach (var user in users)
            {
                await PostAsync(admin, "user/", new JsonObject
                {
                    ["username"] = user.Name, ["name"] = user.Name, ["password"] = user.Password, ["enabled"] = true,
                    ["scope"] = new JsonArray("openid"), ["groups"] = new JsonArray([.. user.Groups.Select(g => JsonValue.Create(g))]),
                }, lines);
            }

            await PostAsync(admin, "client/", new JsonObject
            {
                ["client_id"] = ClientId, ["name"] = "Bridge", ["confidential"] = true, ["password"] = clientSecret, ["enabled"] = true,
                ["redirect_uri"] = new JsonArray(redirectUri.ToString()), ["authorization_type"] = new JsonArray("code"),
                ["token_endpoint_auth_method"] = new JsonArray("client_secret_basic", "client_secret_post"), ["scope"] = new JsonArray(),
            }, lines);
        }

        foreach (var user in users)
        {
            using var client = NewClient(api);
            await SignInAsync(client, user.Name, user.Password, lines);
            using var grant = await client.PutAsJsonAsync("auth/grant/" + ClientId, new JsonObject { ["scope"] = "openid" });
            Assert.True(grant.IsSuccessStatusCode, $"glewlwyd: grant for {user.Name}: {(int)grant.StatusCode}\n" + string.Join("\n", lines));
        }
    }

    private static int FreeTcpPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static HttpClient NewClient(Uri api) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseProxy = false }) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };

    private static async Task SignInAsync(HttpClient client, string user, string password, ConcurrentQueue<string> lines)
    {
        using var response = await client.PostAsJsonAsync("auth/", new JsonObject { ["username"] = user, ["password"] = password });
        Assert.True(response.IsSuccessStatusCode, $"glewlwyd: sign-in of {user}: {(int)response.StatusCode}\n" + string.Join("\n", lines));
    }

    private static async Task PostAsync(HttpClient client, string path, JsonObject body, ConcurrentQueue<string> lines)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode,
            $"glewlwyd: POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n" + string.Join("\n", lines));
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary directory clean-up.
        }
    }
}
