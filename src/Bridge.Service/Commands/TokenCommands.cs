using System.CommandLine;
using System.Globalization;
using Bridge.Service.Configuration;
using Bridge.Service.Hosting;
using Bridge.Web.Api.Tokens;

namespace Bridge.Service.Commands;

/// <summary>
/// <c>bridge token create --name NAME --scope read|admin</c>, <c>bridge token list</c>, <c>bridge token revoke NAME|ID</c>: API
/// tokens for the admin API and /metrics, kept (as hashes only) in <c>Bridge:Data</c>. Configuration arguments
/// (<c>--Bridge:Data=DIR</c>, <c>--contentRoot DIR</c>) are read as the service reads them, so the verbs find the service's data.
/// </summary>
internal static class TokenCommands
{
    public static Command Create()
    {
        var token = new Command("token", "API tokens for the admin API and /metrics (only their hashes are stored, under Bridge:Data).");

        var create = new Command("create", "Create a token and print it once. Keep it: it cannot be shown again.");
        var name = new Option<string>("--name") { Description = "A name for the token (letters, digits, '.', '_', '-'), e.g. grafana.", Required = true };
        var scope = new Option<string>("--scope") { Description = "read (rooms, records, metrics) or admin (also mute, remove, lock, end).", DefaultValueFactory = _ => "read" };
        create.Options.Add(name);
        create.Options.Add(scope);
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction(result =>
        {
            var scopeText = result.GetValue(scope) ?? "read";
            if (!TryParseScope(scopeText, out var parsed))
            {
                Console.Error.WriteLine($"--scope: '{scopeText}' is not read or admin");
                return 2;
            }

            var store = Store(result);
            try
            {
                var (secret, info) = store.Create(result.GetValue(name) ?? "", parsed);
                Console.WriteLine(secret);
                Console.Error.WriteLine($"token '{info.Name}' (id {info.Id}, scope {Scope(info.Scope)}) stored as a hash in {store.FilePath}; send it as 'Authorization: Bearer <token>'");
                return 0;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("token not created: " + ex.Message.Split(" (Parameter", 2)[0]);
                return 1;
            }
        });

        var list = new Command("list", "List the tokens (id, name, scope, created); never the tokens themselves.");
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction(result =>
        {
            var tokens = Store(result).List();
            Console.WriteLine("ID        NAME                             SCOPE  CREATED (UTC)");
            foreach (var t in tokens)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Id,-9} {t.Name,-32} {Scope(t.Scope),-6} {t.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}"));
            }

            return 0;
        });

        var revoke = new Command("revoke", "Revoke a token by name or id; it stops working at once, also in the running service.");
        var which = new Argument<string>("NAME|ID");
        revoke.Arguments.Add(which);
        revoke.TreatUnmatchedTokensAsErrors = false;
        revoke.SetAction(result =>
        {
            var key = result.GetValue(which) ?? "";
            if (Store(result).Revoke(key))
            {
                Console.WriteLine($"revoked '{key}'");
                return 0;
            }

            Console.Error.WriteLine($"no token named '{key}' or with that id");
            return 1;
        });

        token.Subcommands.Add(create);
        token.Subcommands.Add(list);
        token.Subcommands.Add(revoke);
        return token;
    }

    private static ApiTokenStore Store(ParseResult result)
    {
        var builder = BridgeHostBuilder.Create([.. result.UnmatchedTokens]);
        var data = BridgeOptionsReader.ReadDataDirectory(builder.Configuration, builder.Environment.ContentRootPath);
        return new ApiTokenStore(data, TimeProvider.System);
    }

    private static bool TryParseScope(string text, out ApiScope scope)
    {
        scope = string.Equals(text, "admin", StringComparison.OrdinalIgnoreCase) ? ApiScope.Admin : ApiScope.Read;
        return string.Equals(text, "admin", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "read", StringComparison.OrdinalIgnoreCase);
    }

    private static string Scope(ApiScope scope) => scope == ApiScope.Admin ? "admin" : "read";
}
