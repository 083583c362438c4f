using Bridge.Web.Api.Tokens;

namespace Bridge.Web.Tests.Api;

public sealed class ApiTokenStoreTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bridge-tokens-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public void OnlyTheHashIsStoredAndTheTokenValidates()
    {
        var store = new ApiTokenStore(_data, TimeProvider.System);
        var (token, info) = store.Create("grafana", ApiScope.Read);
        Assert.StartsWith("bridge_", token, StringComparison.Ordinal);
        Assert.True(token.Length >= 7 + 43);
        var file = File.ReadAllText(store.FilePath);
        Assert.DoesNotContain(token, file, StringComparison.Ordinal);
        Assert.DoesNotContain(token["bridge_".Length..], file, StringComparison.Ordinal);
        Assert.Contains("grafana", file, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        }

        Assert.Equal(info, store.Validate(token));
        Assert.Null(store.Validate(token + "x"));
        Assert.Null(store.Validate(token[..^1]));
        Assert.Null(store.Validate(null));
        Assert.Null(store.Validate(""));
    }

    [Fact]
    public void ListRevokeAndNames()
    {
        var store = new ApiTokenStore(_data, TimeProvider.System);
        var (read, _) = store.Create("grafana", ApiScope.Read);
        var (_, admin) = store.Create("ops", ApiScope.Admin);
        Assert.Throws<ArgumentException>(() => store.Create("grafana", ApiScope.Admin));
        Assert.Throws<ArgumentException>(() => store.Create("bad name", ApiScope.Read));
        Assert.Throws<ArgumentException>(() => store.Create("", ApiScope.Read));

        Assert.Equal(["grafana", "ops"], store.List().Select(t => t.Name));
        Assert.Equal(ApiScope.Admin, store.List()[1].Scope);

        // A second store (the command line) revokes; the first (the service) sees it at once.
        var other = new ApiTokenStore(_data, TimeProvider.System);
        Assert.True(other.Revoke("grafana"));
        Assert.False(other.Revoke("grafana"));
        Assert.Null(store.Validate(read));
        Assert.True(other.Revoke(admin.Id));
        Assert.Empty(store.List());
    }

    [Fact]
    public void NoFileMeansNoTokens()
    {
        var store = new ApiTokenStore(_data, TimeProvider.System);
        Assert.Empty(store.List());
        Assert.Null(store.Validate("bridge_anything"));
        Assert.False(Directory.Exists(_data));
    }
}
