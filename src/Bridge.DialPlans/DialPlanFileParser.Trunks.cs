using System.Globalization;
using System.Text.RegularExpressions;
using Bridge.DialPlans.Trunks;
using YamlDotNet.RepresentationModel;

namespace Bridge.DialPlans;

/// <summary>
/// The <c>trunks:</c> section (issue 12): how a PBX's calls are recognised, their limits, whether RFC 3325
/// P-Asserted-Identity is trusted, number normalisation, registration (RFC 3261 §10) and dial-out patterns.
/// </summary>
internal sealed partial class DialPlanFileParser
{
    private const int MaxTrunkNameLength = 64;
    private const int MaxTrunkCalls = 100_000;
    private const double MaxTrunkCallsPerSecond = 10_000;

    private static readonly string[] TrunkKeys = ["name", "match", "limits", "trustIdentity", "stripPrefix", "register", "dialOut"];
    private static readonly string[] MatchKeys = ["addresses", "certificateSubject", "auth", "user", "password", "passwordFile", "algorithms"];
    private static readonly string[] LimitKeys = ["calls", "callsPerSecond"];
    private static readonly string[] RegisterKeys = ["registrar", "user", "authUser", "password", "passwordFile", "expires"];
    private static readonly string[] DialOutKeys = ["allow", "ringSeconds", "target"];

    internal List<TrunkConfig> Trunks { get; } = [];

    /// <summary>Positions of each trunk's <c>name</c>, parallel to <see cref="Trunks"/>.</summary>
    internal List<(int Line, int Column)> TrunkPositions { get; } = [];

    private void ParseTrunks(YamlNode value)
    {
        if (AsSequence(value, "trunks") is not { } trunks)
        {
            return;
        }

        foreach (var item in trunks.Children)
        {
            ParseTrunk(item);
        }
    }

    private void ParseTrunk(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, "a trunk must be a mapping such as { name: office-pbx, match: { addresses: [\"10.1.2.3\"] } }");
            return;
        }

        var errorsBefore = Errors.Count;
        string? name = null;
        var nameMark = map.Start;
        TrunkConfig? match = null;
        (int Calls, double PerSecond) limits = default;
        bool trustIdentity = false;
        IReadOnlyList<string> strip = [];
        TrunkRegistration? register = null;
        DialOutPolicy? dialOut = null;

        foreach (var (keyNode, item) in map.Children)
        {
            switch (KeyOf(keyNode, TrunkKeys))
            {
                case "name":
                    name = Scalar(item, "name");
                    nameMark = item.Start;
                    if (name is not null && (name.Length is 0 or > MaxTrunkNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                    {
                        Error(item.Start, $"trunk 'name' must be 1 to {MaxTrunkNameLength} letters, digits, '-', '_' or '.', not '{name}'");
                        name = null;
                    }

                    break;
                case "match":
                    match = ParseTrunkMatch(item);
                    break;
                case "limits":
                    limits = ParseTrunkLimits(item);
                    break;
                case "trustIdentity":
                    trustIdentity = Bool(item, "trustIdentity") ?? false;
                    break;
                case "stripPrefix":
                    strip = ParseStripPrefix(item);
                    break;
                case "register":
                    register = ParseRegister(item);
                    break;
                case "dialOut":
                    dialOut = ParseDialOut(item);
                    break;
            }
        }

        if (name is null)
        {
            if (!map.Children.Keys.Any(k => k is YamlScalarNode { Value: "name" }))
            {
                Error(map.Start, "trunk has no 'name'");
            }

            return;
        }

        if (match is null && !map.Children.Keys.Any(k => k is YamlScalarNode { Value: "match" }))
        {
            Error(map.Start, $"trunk {name} has no 'match': give 'addresses', 'certificateSubject' or 'auth: digest'");
        }

        if (Errors.Count != errorsBefore || match is null)
        {
            return;
        }

        Trunks.Add(match with
        {
            Name = name,
            MaxCalls = limits.Calls,
            CallsPerSecond = limits.PerSecond,
            TrustIdentity = trustIdentity,
            StripPrefixes = strip,
            Register = register,
            DialOut = dialOut,
            Source = string.Create(CultureInfo.InvariantCulture, $"{_file}:{Line(nameMark)}"),
        });
        TrunkPositions.Add((Line(nameMark), Column(nameMark)));
    }

    /// <summary>The <c>match:</c> block; returns a trunk with only the match fields set (name filled in by the caller).</summary>
    private TrunkConfig? ParseTrunkMatch(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, "'match' must be a mapping with 'addresses', 'certificateSubject' and/or 'auth: digest'");
            return null;
        }

        var errorsBefore = Errors.Count;
        var addresses = new List<AddressRange>();
        string? subject = null;
        var auth = TrunkAuth.None;
        string? user = null;
        (SecretReference Secret, YamlNode Node)? password = null;
        var passwordKeys = 0;
        IReadOnlyList<string>? algorithms = null;
        foreach (var (keyNode, value) in map.Children)
        {
            switch (KeyOf(keyNode, MatchKeys))
            {
                case "algorithms":
                    algorithms = ParseDigestAlgorithms(value);
                    break;
                case "addresses":
                    ParseAddresses(value, addresses);
                    break;
                case "certificateSubject":
                    if (Scalar(value, "certificateSubject") is { } text)
                    {
                        if (TrunkCertificateSubject.TryCanonical(text, out var canonical))
                        {
                            subject = canonical;
                        }
                        else
                        {
                            Error(value.Start, $"'certificateSubject' must be a distinguished name such as \"CN=pbx.example.org\", not '{text}'");
                        }
                    }

                    break;
                case "auth":
                    if (Scalar(value, "auth") is { } mode)
                    {
                        if (mode == "digest")
                        {
                            auth = TrunkAuth.Digest;
                        }
                        else
                        {
                            Error(value.Start, $"'auth' must be 'digest', not '{mode}'");
                        }
                    }

                    break;
                case "user":
                    user = NonEmpty(value, "user");
                    break;
                case "password":
                    passwordKeys++;
                    password = Password(value) is { } p ? (p, value) : null;
                    break;
                case "passwordFile":
                    passwordKeys++;
                    password = PasswordFile(value) is { } f ? (f, value) : null;
                    break;
            }
        }

        if (passwordKeys > 1)
        {
            Error(map.Start, "give either 'password' or 'passwordFile', not both");
        }

        if (auth == TrunkAuth.Digest && (user is null || password is null) && Errors.Count == errorsBefore)
        {
            Error(map.Start, "'auth: digest' needs 'user' and 'password: \"${ENV_VAR}\"' or 'passwordFile'");
        }

        if (auth != TrunkAuth.Digest && (user is not null || passwordKeys > 0 || algorithms is not null))
        {
            Error(map.Start, "'user', 'password', 'passwordFile' and 'algorithms' belong to 'auth: digest'");
        }

        if (addresses.Count == 0 && subject is null && auth == TrunkAuth.None && Errors.Count == errorsBefore)
        {
            Error(map.Start, "'match' needs 'addresses', 'certificateSubject' or 'auth: digest'");
        }

        return Errors.Count != errorsBefore ? null : new TrunkConfig
        {
            Name = string.Empty,
            Addresses = addresses,
            CertificateSubject = subject,
            Auth = auth,
            AuthUser = user,
            AuthPassword = password?.Secret,
            DigestAlgorithms = algorithms ?? TrunkConfig.DefaultDigestAlgorithms,
        };
    }

    /// <summary><c>algorithms:</c> the digest algorithms offered, in order of preference (RFC 8760 §2.4).</summary>
    private IReadOnlyList<string>? ParseDigestAlgorithms(YamlNode node)
    {
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            Error(node.Start, "'algorithms' must be a non-empty list of SHA-256 and/or MD5, e.g. [\"SHA-256\", \"MD5\"]");
            return null;
        }

        var result = new List<string>(2);
        foreach (var item in list.Children)
        {
            if (Scalar(item, "algorithms") is not { } text)
            {
                continue;
            }

            var canonical = text.ToUpperInvariant() switch
            {
                "SHA-256" => "SHA-256",
                "MD5" => "MD5",
                _ => null,
            };
            if (canonical is null)
            {
                Error(item.Start, $"'algorithms' entries must be SHA-256 or MD5, not '{text}'");
            }
            else if (result.Contains(canonical))
            {
                Error(item.Start, $"'algorithms' names {canonical} twice");
            }
            else
            {
                result.Add(canonical);
            }
        }

        return result.Count > 0 ? result : null;
    }

    private void ParseAddresses(YamlNode node, List<AddressRange> into)
    {
        if (node is YamlScalarNode)
        {
            Error(node.Start, "'addresses' must be a list such as [\"10.1.2.3\", \"10.1.4.0/24\"]");
            return;
        }

        if (AsSequence(node, "addresses") is not { } list)
        {
            return;
        }

        foreach (var item in list.Children)
        {
            if (Scalar(item, "addresses") is not { } text)
            {
                continue;
            }

            if (!AddressRange.TryParse(text.Trim(), out var range, out var error))
            {
                Error(item.Start, error);
            }
            else if (into.FirstOrDefault(r => r.Overlaps(range)) is { Network: not null } other)
            {
                Error(item.Start, $"'{text}' overlaps '{other}' of the same trunk");
            }
            else
            {
                into.Add(range);
            }
        }

        if (list.Children.Count == 0)
        {
            Error(node.Start, "'addresses' must not be empty");
        }
    }

    private (int Calls, double PerSecond) ParseTrunkLimits(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, "'limits' must be a mapping such as { calls: 300, callsPerSecond: 50 }");
            return default;
        }

        var calls = 0;
        var perSecond = 0.0;
        foreach (var (keyNode, value) in map.Children)
        {
            switch (KeyOf(keyNode, LimitKeys))
            {
                case "calls":
                    if (Scalar(value, "calls") is { } text
                        && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out calls) || calls is < 1 or > MaxTrunkCalls))
                    {
                        Error(value.Start, $"'calls' must be a whole number from 1 to {MaxTrunkCalls}, not '{text}'");
                        calls = 0;
                    }

                    break;
                case "callsPerSecond":
                    if (Scalar(value, "callsPerSecond") is { } rate
                        && (!double.TryParse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out perSecond)
                            || !(perSecond > 0) || perSecond > MaxTrunkCallsPerSecond))
                    {
                        Error(value.Start, $"'callsPerSecond' must be a number above 0 and at most {MaxTrunkCallsPerSecond}, not '{rate}'");
                        perSecond = 0;
                    }

                    break;
            }
        }

        return (calls, perSecond);
    }

    private IReadOnlyList<string> ParseStripPrefix(YamlNode node)
    {
        var texts = new List<(string Text, YamlNode Node)>();
        if (node is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
            {
                if (Scalar(item, "stripPrefix") is { } t)
                {
                    texts.Add((t, item));
                }
            }
        }
        else if (Scalar(node, "stripPrefix") is { } single)
        {
            texts.Add((single, node));
        }

        var prefixes = new List<string>(texts.Count);
        foreach (var (text, item) in texts)
        {
            var compact = TrunkConfig.RemoveVisualSeparators(text);
            if (compact.Length == 0 || compact.Length > 32 || !compact.Select((c, i) => char.IsAsciiDigit(c) || (c == '+' && i == 0)).All(ok => ok))
            {
                Error(item.Start, $"'stripPrefix' must be digits with an optional leading '+' (spaces and '-' allowed), not '{text}'");
                continue;
            }

            prefixes.Add(compact);
        }

        return [.. prefixes.OrderByDescending(p => p.Length)];
    }

    private TrunkRegistration? ParseRegister(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, "'register' must be a mapping with 'registrar', 'user', 'passwordFile' (or 'password: \"${ENV_VAR}\"') and 'expires'");
            return null;
        }

        var errorsBefore = Errors.Count;
        string? registrar = null, user = null, authUser = null;
        SecretReference? password = null;
        var passwordKeys = 0;
        var expires = TrunkRegistration.DefaultExpires;
        foreach (var (keyNode, value) in map.Children)
        {
            switch (KeyOf(keyNode, RegisterKeys))
            {
                case "registrar":
                    registrar = NonEmpty(value, "registrar");
                    if (registrar is not null && !IsSipUri(registrar))
                    {
                        Error(value.Start, $"'registrar' must be a SIP URI such as \"sip:pbx.example.org\" or \"sip:10.1.2.3:5060\", not '{registrar}'");
                    }

                    break;
                case "user":
                    user = NonEmpty(value, "user");
                    if (user is not null && !user.All(IsUserChar))
                    {
                        Error(value.Start, $"'user' must be a SIP user part (letters, digits, '+', '-', '_', '.'), not '{user}'");
                    }

                    break;
                case "authUser":
                    authUser = NonEmpty(value, "authUser");
                    break;
                case "password":
                    passwordKeys++;
                    password = Password(value);
                    break;
                case "passwordFile":
                    passwordKeys++;
                    password = PasswordFile(value);
                    break;
                case "expires":
                    if (Scalar(value, "expires") is { } text
                        && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out expires)
                            || expires is < TrunkRegistration.MinExpires or > TrunkRegistration.MaxExpires))
                    {
                        Error(value.Start, $"'expires' must be {TrunkRegistration.MinExpires} to {TrunkRegistration.MaxExpires} seconds, not '{text}'");
                    }

                    break;
            }
        }

        if (passwordKeys > 1)
        {
            Error(map.Start, "give either 'password' or 'passwordFile', not both");
        }

        if (Errors.Count == errorsBefore && (registrar is null || user is null || password is null))
        {
            Error(map.Start, "'register' needs 'registrar', 'user' and 'passwordFile' (or 'password: \"${ENV_VAR}\"')");
        }

        return Errors.Count != errorsBefore ? null : new TrunkRegistration
        {
            Registrar = registrar!,
            User = user!,
            AuthUser = authUser ?? user!,
            Password = password!,
            Expires = expires,
        };
    }

    private DialOutPolicy? ParseDialOut(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, "'dialOut' must be a mapping such as { allow: ['/^\\d{2,5}$/'] }");
            return null;
        }

        var texts = new List<string>();
        var patterns = new List<Regex>();
        var errorsBefore = Errors.Count;
        var ringSeconds = DialOutPolicy.DefaultRingSeconds;
        string? target = null;
        foreach (var (keyNode, value) in map.Children)
        {
            switch (KeyOf(keyNode, DialOutKeys))
            {
                case "ringSeconds":
                    if (Scalar(value, "ringSeconds") is { } ring
                        && (!int.TryParse(ring, NumberStyles.None, CultureInfo.InvariantCulture, out ringSeconds)
                            || ringSeconds is < DialOutPolicy.MinRingSeconds or > DialOutPolicy.MaxRingSeconds))
                    {
                        Error(value.Start, $"'ringSeconds' must be {DialOutPolicy.MinRingSeconds} to {DialOutPolicy.MaxRingSeconds} seconds, not '{ring}'");
                    }

                    continue;
                case "target":
                    target = NonEmpty(value, "target");
                    if (target is not null && !IsSipUri(target))
                    {
                        Error(value.Start, $"'target' must be a SIP URI such as \"sip:pbx.example.org\", not '{target}'");
                    }

                    continue;
                case "allow":
                    break;
                default:
                    continue;
            }

            if (value is not YamlSequenceNode list || list.Children.Count == 0)
            {
                Error(value.Start, "'allow' must be a non-empty list of /regex/ patterns such as ['/^\\d{2,5}$/']");
                continue;
            }

            foreach (var item in list.Children)
            {
                if (Scalar(item, "allow") is not { } text)
                {
                    continue;
                }

                if (text.Length < 3 || text[0] != '/' || text[^1] != '/')
                {
                    Error(item.Start, $"'allow' entries must be /regex/ patterns (anchored with ^ and $), not '{text}'");
                    continue;
                }

                try
                {
                    // Anchored here too, so '/\d+/' cannot let '0900…' through by matching part of it.
                    patterns.Add(DialPlanRegex.Create("^(?:" + text[1..^1] + ")$"));
                    texts.Add(text);
                }
                catch (ArgumentException ex)
                {
                    Error(item.Start, "invalid regular expression: " + ex.Message);
                }
            }
        }

        if (Errors.Count == errorsBefore && patterns.Count == 0)
        {
            Error(map.Start, "'dialOut' needs 'allow' with at least one /regex/ pattern");
        }

        return Errors.Count != errorsBefore ? null : new DialOutPolicy { AllowText = texts, Allow = patterns, RingSeconds = ringSeconds, Target = target };
    }

    private string? NonEmpty(YamlNode node, string key)
    {
        var value = Scalar(node, key);
        if (value is { Length: 0 })
        {
            Error(node.Start, $"'{key}' must not be empty");
            return null;
        }

        return value;
    }

    /// <summary><c>password:</c> must reference an environment variable; the dial plan never holds a password.</summary>
    private SecretReference? Password(YamlNode node)
    {
        if (Scalar(node, "password") is not { } text)
        {
            return null;
        }

        if (SecretReference.TryParseVariable(text, out var variable))
        {
            return SecretReference.FromEnvironment(variable);
        }

        // Never echo the value: it may be a real password typed in by mistake.
        Error(node.Start, "'password' must name an environment variable as \"${NAME}\"; put a password itself in a file and use 'passwordFile'");
        return null;
    }

    private SecretReference? PasswordFile(YamlNode node)
    {
        if (NonEmpty(node, "passwordFile") is not { } path)
        {
            return null;
        }

        if (!Path.IsPathFullyQualified(path))
        {
            Error(node.Start, $"'passwordFile' must be an absolute path, not '{path}'");
            return null;
        }

        return SecretReference.FromFile(path);
    }

    private static bool IsSipUri(string text) =>
        ((text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && text.Length > 4)
            || (text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase) && text.Length > 5))
        && !text.Any(char.IsWhiteSpace);

    private static bool IsUserChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '_' or '.' or '*' or '#';
}
