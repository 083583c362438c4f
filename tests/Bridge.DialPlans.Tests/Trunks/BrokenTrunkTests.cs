namespace Bridge.DialPlans.Tests.Trunks;

/// <summary>Each broken <c>trunks:</c> entry gives its own error at the line and column of the offending text, and a
/// password typed into the plan by mistake is never echoed.</summary>
public sealed class BrokenTrunkTests
{
    private const string Routes = "routes:\n  - dialled: conf\n    ask: room\n";

    public static TheoryData<string, string, int, int, string> Cases => new()
    {
        { "not a list", "trunks: pbx\n", 1, 9, "'trunks' must be a list" },
        { "no name", "trunks:\n  - match:\n      addresses: [\"10.0.0.1\"]\n", 2, 5, "trunk has no 'name'" },
        { "bad name", "trunks:\n  - name: \"office pbx\"\n    match:\n      addresses: [\"10.0.0.1\"]\n", 2, 11, "trunk 'name' must be" },
        { "no match", "trunks:\n  - name: pbx\n", 2, 5, "trunk pbx has no 'match'" },
        { "empty match", "trunks:\n  - name: pbx\n    match: {}\n", 3, 12, "'match' needs 'addresses', 'certificateSubject' or 'auth: digest'" },
        { "unknown trunk key", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    trust: true\n", 5, 5, "unknown key 'trust'" },
        { "unknown match key", "trunks:\n  - name: pbx\n    match:\n      address: [\"10.0.0.1\"]\n", 4, 7, "unknown key 'address'" },
        { "bad address", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\", \"10.0.0.300\"]\n", 4, 31, "'10.0.0.300' is not an IP address" },
        { "host bits", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.1.4.7/24\"]\n", 4, 19, "did you mean 10.1.4.0/24" },
        { "addresses scalar", "trunks:\n  - name: pbx\n    match:\n      addresses: \"10.0.0.1\"\n", 4, 18, "'addresses' must be a list" },
        { "overlap in trunk", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.0/8\", \"10.1.0.0/16\"]\n", 4, 33, "overlaps '10.0.0.0/8'" },
        { "bad subject", "trunks:\n  - name: pbx\n    match:\n      certificateSubject: \"pbx.example.org\"\n", 4, 27, "'certificateSubject' must be a distinguished name" },
        { "bad auth", "trunks:\n  - name: pbx\n    match:\n      auth: basic\n", 4, 13, "'auth' must be 'digest'" },
        { "digest without password", "trunks:\n  - name: pbx\n    match:\n      auth: digest\n      user: pbx\n", 4, 7, "'auth: digest' needs 'user'" },
        { "bad algorithm", "trunks:\n  - name: pbx\n    match:\n      auth: digest\n      user: pbx\n      passwordFile: /etc/pw\n      algorithms: [SHA-512]\n", 7, 20, "'algorithms' entries must be SHA-256 or MD5" },
        { "algorithms not a list", "trunks:\n  - name: pbx\n    match:\n      auth: digest\n      user: pbx\n      passwordFile: /etc/pw\n      algorithms: MD5\n", 7, 19, "'algorithms' must be a non-empty list" },
        { "user without digest", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n      user: pbx\n", 4, 7, "belong to 'auth: digest'" },
        { "calls zero", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    limits:\n      calls: 0\n", 6, 14, "'calls' must be a whole number from 1" },
        { "rate not a number", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    limits:\n      callsPerSecond: fast\n", 6, 23, "'callsPerSecond' must be a number above 0" },
        { "trustIdentity not bool", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    trustIdentity: yes please\n", 5, 20, "'trustIdentity' must be true or false" },
        { "bad prefix", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    stripPrefix: \"+49 (711) x\"\n", 5, 18, "'stripPrefix' must be digits" },
        { "register without password", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    register:\n      registrar: \"sip:pbx\"\n      user: \"7000\"\n", 6, 7, "'register' needs 'registrar', 'user' and 'passwordFile'" },
        { "registrar not a URI", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    register:\n      registrar: \"pbx.example.org\"\n      user: \"7000\"\n      passwordFile: /etc/pw\n", 6, 18, "'registrar' must be a SIP URI" },
        { "relative password file", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    register:\n      registrar: \"sip:pbx\"\n      user: \"7000\"\n      passwordFile: pw.txt\n", 8, 21, "'passwordFile' must be an absolute path" },
        { "expires too short", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    register:\n      registrar: \"sip:pbx\"\n      user: \"7000\"\n      passwordFile: /etc/pw\n      expires: 10\n", 9, 16, "'expires' must be 60 to 86400 seconds" },
        { "both password keys", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    register:\n      registrar: \"sip:pbx\"\n      user: \"7000\"\n      passwordFile: /etc/pw\n      password: \"${PW}\"\n", 6, 7, "either 'password' or 'passwordFile'" },
        { "dialOut not regex", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    dialOut:\n      allow: ['\\d+']\n", 6, 15, "'allow' entries must be /regex/" },
        { "dialOut bad regex", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    dialOut:\n      allow: ['/^(\\d+$/']\n", 6, 15, "invalid regular expression" },
        { "dialOut ring too short", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    dialOut:\n      allow: ['/^1$/']\n      ringSeconds: 2\n", 7, 20, "'ringSeconds' must be 5 to 300 seconds, not '2'" },
        { "dialOut target not a URI", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    dialOut:\n      allow: ['/^1$/']\n      target: \"pbx.example.org\"\n", 7, 15, "'target' must be a SIP URI" },
        { "dialOut empty", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    dialOut:\n      allow: []\n", 6, 14, "'allow' must be a non-empty list" },
        {
            "duplicate trunk name",
            "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.2\"]\n",
            5, 11, "duplicate trunk name pbx (first defined at plan.yaml:2:11)"
        },
        {
            "address in two trunks",
            "trunks:\n  - name: a\n    match:\n      addresses: [\"10.0.0.0/8\"]\n  - name: b\n    match:\n      addresses: [\"10.9.9.9\"]\n",
            5, 11, "trunk b: address 10.9.9.9/32 overlaps 10.0.0.0/8 of trunk a"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsFileLineColumn(string name, string yaml, int line, int column, string message)
    {
        var result = DialPlanLoader.LoadText(yaml + Routes, "plan.yaml");

        Assert.False(result.Success, name);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(("plan.yaml", line, column), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void PlainPasswordIsRefusedWithoutEchoingIt()
    {
        var yaml = "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n    register:\n      registrar: \"sip:pbx\"\n      user: \"7000\"\n      password: \"Hunter2-Secret\"\n" + Routes;

        var result = DialPlanLoader.LoadText(yaml, "plan.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal((8, 17), (error.Line, error.Column));
        Assert.Contains("must name an environment variable", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TrunkMatchedByDifferentCertificatesMayShareAnAddressRange()
    {
        var yaml = "trunks:\n  - name: a\n    match:\n      addresses: [\"10.0.0.0/8\"]\n      certificateSubject: \"CN=a\"\n"
            + "  - name: b\n    match:\n      addresses: [\"10.0.0.0/8\"]\n      certificateSubject: \"CN=b\"\n" + Routes;

        Assert.Empty(DialPlanLoader.LoadText(yaml, "plan.yaml").Errors);
    }
}
