using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bridge.Web.Api.Tokens;

/// <summary>
/// API tokens (issue 13): <c>bridge token create</c> makes 256 random bits, prints them once as a bearer token (RFC 6750 §2.1) and
/// keeps only their SHA-256 in <c>api-tokens.json</c> under <c>Bridge:Data</c> (owner read/write only). A plain hash is enough:
/// the token is random, not a password, so there is nothing to guess from the hash. The running service re-reads the file
/// when it changes, so a created or revoked token takes effect without a restart. Thread-safe.
/// </summary>
public sealed class ApiTokenStore
{
    /// <summary>File name under the data directory.</summary>
    public const string FileName = "api-tokens.json";

    private const string Prefix = "bridge_";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private (DateTime Written, long Length) _loadedStamp;
    private ApiTokenRecord[] _records = [];
    private byte[][] _hashes = [];

    /// <summary>Creates the store over <paramref name="dataDirectory"/> (created when the first token is).</summary>
    public ApiTokenStore(string dataDirectory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _time = time;
    }

    /// <summary>The token file.</summary>
    public string FilePath { get; }

    /// <summary>True when <paramref name="name"/> may name a token: 1–64 letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Creates a token; returns it (shown once) and its listing. Throws <see cref="ArgumentException"/> for a bad or taken name.</summary>
    public (string Token, ApiTokenInfo Info) Create(string name, ApiScope scope)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException("a token name is 1-64 letters, digits, '.', '_' or '-'", nameof(name));
        }

        lock (_lock)
        {
            var records = ReadFile();
            if (records.Exists(r => string.Equals(r.Name, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"a token named '{name}' exists; revoke it first", nameof(name));
            }

            var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
            var record = new ApiTokenRecord(
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
                name,
                scope == ApiScope.Admin ? "admin" : "read",
                Convert.ToBase64String(Hash(token)),
                _time.GetUtcNow());
            records.Add(record);
            WriteFile(records);
            return (token, ToInfo(record));
        }
    }

    /// <summary>The tokens, oldest first.</summary>
    public IReadOnlyList<ApiTokenInfo> List()
    {
        lock (_lock)
        {
            return [.. ReadFile().Select(ToInfo)];
        }
    }

    /// <summary>Deletes the token with this name or id; false when there is none.</summary>
    public bool Revoke(string nameOrId)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        lock (_lock)
        {
            var records = ReadFile();
            var removed = records.RemoveAll(r => string.Equals(r.Name, nameOrId, StringComparison.Ordinal) || string.Equals(r.Id, nameOrId, StringComparison.Ordinal));
            if (removed == 0)
            {
                return false;
            }

            WriteFile(records);
            return true;
        }
    }

    /// <summary>
    /// The token's listing when <paramref name="token"/> is a stored token, else null. Compares the hash with every stored
    /// one in constant time, so timing tells nothing about which bytes matched.
    /// </summary>
    public ApiTokenInfo? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        ApiTokenRecord[] records;
        byte[][] hashes;
        lock (_lock)
        {
            RefreshIfChanged();
            records = _records;
            hashes = _hashes;
        }

        ApiTokenRecord? found = null;
        for (var i = 0; i < records.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, hashes[i]))
            {
                found = records[i];
            }
        }

        return found is null ? null : ToInfo(found);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiTokenInfo ToInfo(ApiTokenRecord r) =>
        new(r.Id, r.Name, string.Equals(r.Scope, "admin", StringComparison.Ordinal) ? ApiScope.Admin : ApiScope.Read, r.CreatedAt);

    /// <summary>Under _lock: reloads the cache when the file's time or length changed (a CLI created or revoked a token).</summary>
    private void RefreshIfChanged()
    {
        var info = new FileInfo(FilePath);
        var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
        if (stamp != _loadedStamp)
        {
            SetCache(ReadFile());
        }
    }

    /// <summary>Under _lock.</summary>
    private List<ApiTokenRecord> ReadFile()
    {
        var info = new FileInfo(FilePath);
        if (!info.Exists)
        {
            _loadedStamp = (DateTime.MinValue, -1L);
            return [];
        }

        var stamp = (info.LastWriteTimeUtc, info.Length);
        List<ApiTokenRecord> records;
        try
        {
            records = JsonSerializer.Deserialize<ApiTokenFile>(File.ReadAllBytes(FilePath), Json)?.Tokens ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{FilePath}: not a token file: {ex.Message}", ex);
        }

        records.RemoveAll(static r => r is null || string.IsNullOrEmpty(r.Sha256) || r.Name is null);
        _loadedStamp = stamp;
        return records;
    }

    /// <summary>Under _lock: writes a temporary file (owner-only on Unix) and moves it over the old one, so a reader never sees half.</summary>
    private void WriteFile(List<ApiTokenRecord> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, new ApiTokenFile(records), Json);
        }

        File.Move(temporary, FilePath, overwrite: true);
        SetCache(records);
        var info = new FileInfo(FilePath);
        _loadedStamp = (info.LastWriteTimeUtc, info.Length);
    }

    private void SetCache(List<ApiTokenRecord> records)
    {
        _records = [.. records];
        _hashes = new byte[_records.Length][];
        for (var i = 0; i < _records.Length; i++)
        {
            _hashes[i] = TryFromBase64(_records[i].Sha256);
        }
    }

    private static byte[] TryFromBase64(string text)
    {
        var buffer = new byte[32];
        return Convert.TryFromBase64String(text, buffer, out var written) && written == 32 ? buffer : new byte[32 + 1];
    }
}
