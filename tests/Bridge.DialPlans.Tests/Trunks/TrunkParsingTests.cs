using System.Net;
using Bridge.DialPlans.Trunks;

namespace Bridge.DialPlans.Tests.Trunks;

/// <summary>The <c>trunks:</c> section as issue 12 writes it, and what each key means once loaded.</summary>
public sealed class TrunkParsingTests
{
    private const string Routes = "routes:\n  - dialled: '/^(\\d{4})$/'\n    room: \"$1\"\nrooms:\n  - number: \"4711\"\n    pin: \"583920\"\n";

    [Fact]
    public void ShippedExampleLoadsExactlyAsTheIssueWritesIt()
    {
        var result = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "pbx-trunk.yaml"));

        Assert.Empty(result.Errors);
        var trunks = result.Plan!.Trunks;
        Assert.Equal(2, trunks.Count);
        var pbx = trunks.Named("office-pbx")!;
        Assert.Equal(["10.1.2.3/32", "10.1.4.0/24"], pbx.Addresses.Select(a => a.ToString()));
        Assert.Equal(300, pbx.MaxCalls);
        Assert.Equal(50, pbx.CallsPerSecond);
        Assert.True(pbx.TrustIdentity);
        Assert.Equal("4711", pbx.NormalizeDialled("+497114711"));
        var register = pbx.Register!;
        Assert.Equal("sip:pbx.example.org", register.Registrar);
        Assert.Equal("7000", register.User);
        Assert.Equal("7000", register.AuthUser);
        Assert.Equal("/etc/bridge/pbx-password", register.Password.File);
        Assert.Equal(300, register.Expires);
        Assert.True(pbx.DialOut!.Permits("4711"));
        Assert.False(pbx.DialOut.Permits("0900123456"));
        Assert.False(pbx.DialOut.Permits("1"));

        var branch = trunks.Named("branch-pbx")!;
        Assert.Equal("4711", branch.NormalizeDialled("+49895555-4711"));
        Assert.Equal("4711", branch.NormalizeDialled("0895555 4711"));
        Assert.False(branch.TrustIdentity);
    }

    [Theory]
    [InlineData("10.1.2.3", "office-pbx")]
    [InlineData("10.1.4.200", "office-pbx")]
    [InlineData("::ffff:10.1.4.7", "office-pbx")]
    [InlineData("10.1.5.1", null)]
    [InlineData("10.1.2.4", null)]
    public void TrunkIsFoundByAddress(string address, string? expected)
    {
        var plan = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "pbx-trunk.yaml")).Plan!;

        Assert.Equal(expected, plan.Trunks.Find(IPAddress.Parse(address), null)?.Name);
    }

    [Fact]
    public void TrunkIsFoundByCertificateSubjectWrittenAnyWay()
    {
        var plan = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "pbx-trunk.yaml")).Plan!;
        var anywhere = IPAddress.Parse("192.0.2.50");

        Assert.Equal("branch-pbx", plan.Trunks.Find(anywhere, "CN=pbx.branch.example.org,O=Example")?.Name);
        Assert.Equal("branch-pbx", plan.Trunks.Find(anywhere, "CN=pbx.branch.example.org, O=Example")?.Name);
        Assert.Null(plan.Trunks.Find(anywhere, "CN=pbx.evil.example.org, O=Example"));
        Assert.Null(plan.Trunks.Find(anywhere, null));
    }

    [Fact]
    public void TrunkIsFoundByTheSubjectOfARealCertificate()
    {
        var plan = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "pbx-trunk.yaml")).Plan!;
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=pbx.branch.example.org, O=Example", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal("branch-pbx", plan.Trunks.Find(IPAddress.Parse("192.0.2.50"), certificate.Subject)?.Name);
    }

    [Fact]
    public void AddressAndCertificateTogetherMustBothHold()
    {
        var plan = Load("trunks:\n  - name: strict\n    match:\n      addresses: [\"2001:db8::/32\"]\n      certificateSubject: \"CN=pbx\"\n" + Routes);

        Assert.Equal("strict", plan.Trunks.Find(IPAddress.Parse("2001:db8::5"), "CN=pbx")?.Name);
        Assert.Null(plan.Trunks.Find(IPAddress.Parse("2001:db8::5"), null));
        Assert.Null(plan.Trunks.Find(IPAddress.Parse("2001:db9::5"), "CN=pbx"));
    }

    [Fact]
    public void DigestTrunkNeedsCredentialsAndIsNotMatchedByAddressAlone()
    {
        var plan = Load("trunks:\n  - name: carrier\n    match:\n      auth: digest\n      user: carrier1\n      password: \"${CARRIER_PASSWORD}\"\n" + Routes);

        var trunk = plan.Trunks.Named("carrier")!;
        Assert.Equal(TrunkAuth.Digest, trunk.Auth);
        Assert.Equal("carrier1", trunk.AuthUser);
        Assert.Equal("CARRIER_PASSWORD", trunk.AuthPassword!.Variable);
        Assert.Equal(["SHA-256", "MD5"], trunk.DigestAlgorithms);
        Assert.Equal(["MD5"], Load("trunks:\n  - name: old\n    match:\n      auth: digest\n      user: u\n      passwordFile: /etc/pw\n      algorithms: [md5]\n" + Routes).Trunks.Named("old")!.DigestAlgorithms);
        Assert.Null(plan.Trunks.Find(IPAddress.Loopback, null));
        Assert.Single(plan.Trunks.DigestOnly);
    }

    [Fact]
    public void DefaultsWhenOptionalKeysAreAbsent()
    {
        var trunk = Load("trunks:\n  - name: pbx\n    match:\n      addresses: [\"127.0.0.2\"]\n" + Routes).Trunks.Named("pbx")!;

        Assert.Equal(0, trunk.MaxCalls);
        Assert.Equal(0, trunk.CallsPerSecond);
        Assert.False(trunk.TrustIdentity);
        Assert.Null(trunk.Register);
        Assert.Null(trunk.DialOut);
        Assert.Equal("+497114711", trunk.NormalizeDialled("+497114711"));
    }

    [Fact]
    public void TrunksMayLiveInTheirOwnFileOfADirectory()
    {
        using var dir = new TempDirectory();
        dir.Write("10-trunks.yaml", "trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.0/8\"]\n    stripPrefix: \"+49711\"\n");
        dir.Write("20-routes.yaml", Routes);

        var result = DialPlanLoader.Load(dir.Path);

        Assert.Empty(result.Errors);
        var trunk = result.Plan!.Trunks.Find(IPAddress.Parse("10.9.8.7"), null)!;
        Assert.Equal("4711", result.Plan.Match(trunk.NormalizeDialled("+49711-4711")).RoomNumber);
    }

    [Fact]
    public void CheckCommandListsTrunksWithoutPasswords()
    {
        using var output = new StringWriter();

        var code = DialPlanCheck.Run(Path.Combine(RepoPaths.DialPlans, "examples", "pbx-trunk.yaml"), output);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("trunk office-pbx: addresses 10.1.2.3/32, 10.1.4.0/24; 300 calls; 50/s; trusts P-Asserted-Identity; strips +49711", text, StringComparison.Ordinal);
        Assert.Contains("registers as 7000 at sip:pbx.example.org every 300 s", text, StringComparison.Ordinal);
        Assert.Matches(@"trunk branch-pbx: certificate [^;]*CN=pbx\.branch\.example\.org", text);
    }

    [Fact]
    public void SecretReferenceResolvesFromFileAndEnvironmentAndNeverPrintsTheValue()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("pw", "  s3cret-value \nsecond line\n");
        var fromFile = SecretReference.FromFile(file);
        Environment.SetEnvironmentVariable("BRIDGE_TEST_TRUNK_PW", "env-s3cret");
        var fromEnv = SecretReference.FromEnvironment("BRIDGE_TEST_TRUNK_PW");

        Assert.Equal("s3cret-value", fromFile.Resolve(out _));
        Assert.Equal("env-s3cret", fromEnv.Resolve(out _));
        Assert.DoesNotContain("s3cret", fromFile.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", fromEnv.ToString(), StringComparison.Ordinal);
        Assert.Null(SecretReference.FromEnvironment("BRIDGE_TEST_TRUNK_UNSET").Resolve(out var problem));
        Assert.Contains("BRIDGE_TEST_TRUNK_UNSET is not set", problem, StringComparison.Ordinal);
        Assert.Null(SecretReference.FromFile(Path.Combine(dir.Path, "missing")).Resolve(out problem));
        Assert.Contains("cannot be read", problem, StringComparison.Ordinal);
    }

    private static DialPlan Load(string yaml)
    {
        var result = DialPlanLoader.LoadText(yaml, "plan.yaml");
        Assert.Empty(result.Errors);
        return result.Plan!;
    }
}
