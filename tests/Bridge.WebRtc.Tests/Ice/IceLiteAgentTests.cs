using System.Net;
using Bridge.WebRtc.Ice;
using Microsoft.Extensions.Time.Testing;
using Bridge.TestKit.Allocation;

namespace Bridge.WebRtc.Tests.Ice;

public sealed class IceLiteAgentTests : IDisposable
{
    private const string RemoteUfrag = "Brws";
    private static readonly IPEndPoint Browser = new(IPAddress.Parse("192.0.2.10"), 50000);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 5, 0, 0, TimeSpan.Zero));
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly IceLiteAgent _agent;
    private readonly byte[] _response = new byte[IceLiteAgent.MinimumResponseBufferLength];

    public IceLiteAgentTests()
    {
        _agent = new IceLiteAgent(_local, [new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000)], _time);
        _agent.SetRemoteUfrag(RemoteUfrag);
    }

    public void Dispose() => _agent.Dispose();

    private HandBuiltStun.RequestOptions Valid => new() { Username = _local.Ufrag + ":" + RemoteUfrag, Password = _local.Password };

    [Fact]
    public void ValidCheckIsAnsweredWithTheSourceAddressIntegrityAndFingerprint()
    {
        var request = HandBuiltStun.BindingRequest(Valid);
        var result = _agent.HandleStun(request, Browser.Serialize(), _response, out var length);

        Assert.Equal(IceCheckResult.Success, result);
        var response = HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(request), _local.Password);
        Assert.Equal(0x0101, response.Type);
        Assert.Equal(Browser, response.Mapped);
        Assert.True(response.IntegrityValid);
        Assert.True(response.FingerprintValid);
        Assert.True(_agent.IsValidatedSource(Browser.Serialize()));
        Assert.Null(_agent.SelectedRemoteEndPoint); // no USE-CANDIDATE yet
    }

    [Fact]
    public void IPv6SourceIsMappedToo()
    {
        var source = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 61000);
        var request = HandBuiltStun.BindingRequest(Valid);
        Assert.Equal(IceCheckResult.Success, _agent.HandleStun(request, source.Serialize(), _response, out var length));
        var response = HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(request), _local.Password);
        Assert.Equal(source, response.Mapped);
        Assert.True(response.IntegrityValid);
    }

    [Fact]
    public void WrongIntegrityIsAnswered401WithoutIntegrityAndDoesNotValidate()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { Password = "WrongPasswordWrongPassword" });
        var result = _agent.HandleStun(request, Browser.Serialize(), _response, out var length);

        Assert.Equal(IceCheckResult.Unauthorized, result);
        var response = HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(request), _local.Password);
        Assert.Equal(0x0111, response.Type);
        Assert.Equal(401, response.ErrorCode);
        Assert.False(response.HasIntegrity);
        Assert.True(response.FingerprintValid);
        Assert.True(length < request.Length, "an error answer must not be larger than the request (no amplification)");
        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));
    }

    [Fact]
    public void WrongUsernameIsAnswered401()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { Username = _local.Ufrag + ":Other" });
        Assert.Equal(IceCheckResult.Unauthorized, _agent.HandleStun(request, Browser.Serialize(), _response, out var length));
        Assert.Equal(401, HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(request), _local.Password).ErrorCode);

        var swapped = HandBuiltStun.BindingRequest(Valid with { Username = RemoteUfrag + ":" + _local.Ufrag });
        Assert.Equal(IceCheckResult.Unauthorized, _agent.HandleStun(swapped, Browser.Serialize(), _response, out _));
        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));
    }

    [Fact]
    public void MissingUsernameOrIntegrityIsAnswered400()
    {
        var noUser = HandBuiltStun.BindingRequest(Valid with { Username = null });
        Assert.Equal(IceCheckResult.BadRequest, _agent.HandleStun(noUser, Browser.Serialize(), _response, out var length));
        Assert.Equal(400, HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(noUser), _local.Password).ErrorCode);

        var noMac = HandBuiltStun.BindingRequest(Valid with { Password = null });
        Assert.Equal(IceCheckResult.BadRequest, _agent.HandleStun(noMac, Browser.Serialize(), _response, out _));
        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));
    }

    [Fact]
    public void BadOrMissingFingerprintIsDroppedSilently()
    {
        var request = HandBuiltStun.BindingRequest(Valid);
        request[^1] ^= 0x01;
        Assert.Equal(IceCheckResult.DroppedMalformed, _agent.HandleStun(request, Browser.Serialize(), _response, out var length));
        Assert.Equal(0, length);

        var noFingerprint = HandBuiltStun.BindingRequest(Valid with { Fingerprint = false });
        Assert.Equal(IceCheckResult.DroppedMalformed, _agent.HandleStun(noFingerprint, Browser.Serialize(), _response, out length));
        Assert.Equal(0, length);
        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));
    }

    [Fact]
    public void TruncatedAndGarbageDatagramsAreDroppedWithoutException()
    {
        var request = HandBuiltStun.BindingRequest(Valid);
        for (var cut = 0; cut < request.Length; cut++)
        {
            Assert.Equal(IceCheckResult.DroppedMalformed, _agent.HandleStun(request.AsSpan(0, cut), Browser.Serialize(), _response, out var length));
            Assert.Equal(0, length);
        }

        var random = new Random(7);
        var garbage = new byte[120];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(garbage);
            garbage[0] &= 0x03;
            var result = _agent.HandleStun(garbage.AsSpan(0, random.Next(garbage.Length)), Browser.Serialize(), _response, out _);
            Assert.NotEqual(IceCheckResult.Success, result);
        }

        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));
    }

    [Fact]
    public void NoSingleBitFlipAnywhereInAValidCheckIsAccepted()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { UseCandidate = true });
        for (var i = 0; i < request.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var forged = (byte[])request.Clone();
                forged[i] ^= (byte)(1 << bit);
                Assert.NotEqual(IceCheckResult.Success, _agent.HandleStun(forged, Browser.Serialize(), _response, out _));
            }
        }

        Assert.Null(_agent.SelectedRemoteEndPoint);
        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));
        Assert.Equal(IceCheckResult.Success, _agent.HandleStun(request, Browser.Serialize(), _response, out _));
    }

    [Fact]
    public void PeerClaimingToBeControlledGetsRoleConflict()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { Controlling = false, Controlled = true });
        Assert.Equal(IceCheckResult.RoleConflict, _agent.HandleStun(request, Browser.Serialize(), _response, out var length));
        var response = HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(request), _local.Password);
        Assert.Equal(487, response.ErrorCode);
        Assert.True(response.IntegrityValid);
        Assert.True(response.FingerprintValid);
        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));
    }

    [Fact]
    public void UnknownComprehensionRequiredAttributeGets420ListingIt()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { ExtraAttribute = 0x0019 });
        Assert.Equal(IceCheckResult.UnknownAttribute, _agent.HandleStun(request, Browser.Serialize(), _response, out var length));
        var response = HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(request), _local.Password);
        Assert.Equal(420, response.ErrorCode);
        Assert.Equal([(ushort)0x0019], response.Unknown);
        Assert.True(response.IntegrityValid);

        var optional = HandBuiltStun.BindingRequest(Valid with { ExtraAttribute = 0xC057 });
        Assert.Equal(IceCheckResult.Success, _agent.HandleStun(optional, Browser.Serialize(), _response, out _));
    }

    [Fact]
    public void MissingPriorityIsAnswered400WithIntegrity()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { Priority = false });
        Assert.Equal(IceCheckResult.BadRequest, _agent.HandleStun(request, Browser.Serialize(), _response, out var length));
        var response = HandBuiltStun.ReadResponse(_response.AsSpan(0, length), HandBuiltStun.TransactionIdOf(request), _local.Password);
        Assert.Equal(400, response.ErrorCode);
        Assert.True(response.IntegrityValid);
    }

    [Fact]
    public void UseCandidateNominatesTheSourceAndRaisesTheEventOncePerChange()
    {
        var changes = new List<IPEndPoint>();
        _agent.SelectedRemoteChanged += (_, endPoint) => changes.Add(endPoint);
        var other = new IPEndPoint(IPAddress.Parse("198.51.100.4"), 50002);

        Assert.Equal(IceCheckResult.Success, _agent.HandleStun(HandBuiltStun.BindingRequest(Valid), Browser.Serialize(), _response, out _));
        Assert.Empty(changes);

        Assert.Equal(IceCheckResult.Success, _agent.HandleStun(HandBuiltStun.BindingRequest(Valid with { UseCandidate = true }), Browser.Serialize(), _response, out _));
        Assert.Equal(IceCheckResult.Success, _agent.HandleStun(HandBuiltStun.BindingRequest(Valid with { UseCandidate = true }), Browser.Serialize(), _response, out _));
        Assert.Equal([Browser], changes);
        Assert.Equal(Browser, _agent.SelectedRemoteEndPoint);
        Assert.Equal(Browser.Serialize(), _agent.SelectedRemoteAddress);

        Assert.Equal(IceCheckResult.Success, _agent.HandleStun(HandBuiltStun.BindingRequest(Valid with { UseCandidate = true }), other.Serialize(), _response, out _));
        Assert.Equal([Browser, other], changes);
        Assert.Equal(other, _agent.SelectedRemoteEndPoint);
    }

    [Fact]
    public void UseCandidateInAnInvalidCheckNominatesNothing()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { UseCandidate = true, Password = "WrongPasswordWrongPassword" });
        Assert.Equal(IceCheckResult.Unauthorized, _agent.HandleStun(request, Browser.Serialize(), _response, out _));
        var conflict = HandBuiltStun.BindingRequest(Valid with { UseCandidate = true, Controlling = false, Controlled = true });
        Assert.Equal(IceCheckResult.RoleConflict, _agent.HandleStun(conflict, Browser.Serialize(), _response, out _));
        Assert.Null(_agent.SelectedRemoteEndPoint);
    }

    [Fact]
    public void SourceThatDidNoCheckIsNotValidated()
    {
        _agent.HandleStun(HandBuiltStun.BindingRequest(Valid with { UseCandidate = true }), Browser.Serialize(), _response, out _);
        Assert.True(_agent.IsValidatedSource(Browser.Serialize()));
        Assert.False(_agent.IsValidatedSource(new IPEndPoint(Browser.Address, Browser.Port + 1).Serialize()));
        Assert.False(_agent.IsValidatedSource(new IPEndPoint(IPAddress.Parse("192.0.2.11"), Browser.Port).Serialize()));
    }

    [Fact]
    public void ConsentExpiresThirtySecondsAfterTheLastValidCheck()
    {
        _agent.HandleStun(HandBuiltStun.BindingRequest(Valid with { UseCandidate = true }), Browser.Serialize(), _response, out _);
        Assert.False(_agent.IsConsentExpired);

        _time.Advance(TimeSpan.FromSeconds(25));
        _agent.HandleStun(HandBuiltStun.BindingRequest(Valid), Browser.Serialize(), _response, out _); // consent refresh
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_agent.IsConsentExpired);
        Assert.True(_agent.IsValidatedSource(Browser.Serialize()));

        // A failed check does not refresh consent.
        _agent.HandleStun(HandBuiltStun.BindingRequest(Valid with { Password = "WrongPasswordWrongPassword" }), Browser.Serialize(), _response, out _);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_agent.IsConsentExpired);
        Assert.False(_agent.IsValidatedSource(Browser.Serialize()));

        _agent.HandleStun(HandBuiltStun.BindingRequest(Valid), Browser.Serialize(), _response, out _);
        Assert.False(_agent.IsConsentExpired);
    }

    [Fact]
    public void BeforeTheRemoteUfragIsKnownAnyRemotePartIsAccepted()
    {
        using var agent = new IceLiteAgent(_local, [new IPEndPoint(IPAddress.Loopback, 40000)], _time);
        var request = HandBuiltStun.BindingRequest(Valid with { Username = _local.Ufrag + ":anything" });
        Assert.Equal(IceCheckResult.Success, agent.HandleStun(request, Browser.Serialize(), _response, out _));
        var wrongLocal = HandBuiltStun.BindingRequest(Valid with { Username = "zzzz:anything" });
        Assert.Equal(IceCheckResult.Unauthorized, agent.HandleStun(wrongLocal, Browser.Serialize(), _response, out _));
    }

    [Fact]
    public void ResponsesAndIndicationsAreIgnoredAndSmallBuffersRefused()
    {
        var request = HandBuiltStun.BindingRequest(Valid);
        foreach (ushort type in new ushort[] { 0x0011, 0x0101, 0x0111 }) // indication, success and error response
        {
            var message = HandBuiltStun.BindingRequest(Valid with { Type = type, UseCandidate = true });
            Assert.Equal(IceCheckResult.DroppedNotRequest, _agent.HandleStun(message, Browser.Serialize(), _response, out var written));
            Assert.Equal(0, written);
        }

        Assert.Null(_agent.SelectedRemoteEndPoint);

        Assert.Equal(IceCheckResult.DroppedNoBuffer, _agent.HandleStun(request, Browser.Serialize(), new byte[64], out var length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void NoAllocationPerCheckAfterWarmUp()
    {
        var request = HandBuiltStun.BindingRequest(Valid with { UseCandidate = true });
        var source = Browser.Serialize();
        for (var i = 0; i < 100; i++)
        {
            _agent.HandleStun(request, source, _response, out _);
            _agent.IsValidatedSource(source);
        }

        var answered = 0;
        AllocationRounds.AssertNone(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                if (_agent.HandleStun(request, source, _response, out _) == IceCheckResult.Success && _agent.IsValidatedSource(source))
                {
                    answered++;
                }
            }
        });

        Assert.Equal(30_000, answered);
    }
}
