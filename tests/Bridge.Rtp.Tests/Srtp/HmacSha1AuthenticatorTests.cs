using System.Security.Cryptography;
using System.Text;
using Bridge.Rtp.Srtp;
using Bridge.TestKit.Skipping;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>HMAC-SHA1 of SRTP on OpenSSL's SHA1_* with precomputed key states, and on .NET's IncrementalHash: RFC 2202's answers and agreement with .NET's HMACSHA1.</summary>
public sealed class HmacSha1AuthenticatorTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Matches_RFC_2202_test_cases_1_and_2(bool openSsl)
    {
        Assert.Equal(Convert.FromHexString("b617318655057264e28bc0b6fb378c8ef146be00"), Tag(Enumerable.Repeat((byte)0x0b, 20).ToArray(), "Hi There"u8.ToArray(), openSsl));
        Assert.Equal(Convert.FromHexString("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"), Tag(Encoding.ASCII.GetBytes("Jefe"), "what do ya want for nothing?"u8.ToArray(), openSsl));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Agrees_with_HMACSHA1_for_every_length_with_and_without_the_ROC(bool openSsl)
    {
        var random = new Random(23);
        foreach (var keyLength in new[] { 20, 64, 80 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            using var authenticator = new HmacSha1Authenticator(key, 20, openSsl);
            for (var length = 0; length <= 1300; length += length < 200 ? 1 : 67)
            {
                var data = new byte[length + 4];
                random.NextBytes(data);
                var roc = (uint)random.Next();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(length), roc);
                var tag = new byte[20];

                authenticator.ComputeTag(data.AsSpan(0, length), roc, appendRoc: true, tag);
                Assert.Equal(HMACSHA1.HashData(key, data), tag);
                authenticator.ComputeTag(data.AsSpan(0, length), 0, appendRoc: false, tag);
                Assert.Equal(HMACSHA1.HashData(key, data.AsSpan(0, length)), tag);
                Assert.True(authenticator.Verify(data.AsSpan(0, length), 0, appendRoc: false, tag));
                tag[random.Next(20)] ^= 0x10;
                Assert.False(authenticator.Verify(data.AsSpan(0, length), 0, appendRoc: false, tag));
            }
        }
    }

    [SkippableFact]
    public void OpenSsl_sha1_is_found_on_Linux()
    {
        Skip.If(!OperatingSystem.IsLinux(), "OpenSSL's SHA1_* are looked for on Linux only");
        Assert.True(OpenSslSha1.IsAvailable);
    }

    private static byte[] Tag(byte[] key, byte[] data, bool openSsl)
    {
        using var authenticator = new HmacSha1Authenticator(key, 20, openSsl);
        var tag = new byte[20];
        authenticator.ComputeTag(data, 0, appendRoc: false, tag);
        return tag;
    }
}
