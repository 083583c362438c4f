using Bridge.TestKit.Pcap;
using NAudio.Codecs;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>One bridge service shared by the signalling interop tests, plus the audio they send.</summary>
public sealed class BridgeFixture : IAsyncLifetime
{
    public const int SipPort = 15060;

    public BridgeProcess Bridge { get; private set; } = null!;

    /// <summary>2 s of a 1 kHz tone as PCMU RTP, 20 ms per packet.</summary>
    public string PcmuTonePcap { get; } = Path.Combine(Directory.CreateTempSubdirectory("pcap-").FullName, "pcmu-1khz-2s.pcap");

    public async Task InitializeAsync()
    {
        WritePcmuTone(PcmuTonePcap, 1000, TimeSpan.FromSeconds(2));
        // The load and fuzz tests here drive hundreds of calls per second from 127.0.0.1: lift the issue #5
        // per-source limits for this shared bridge (SecurityInteropTests check the defaults on a bridge of their own).
        Bridge = await BridgeProcess.StartAsync(SipPort, 40000, 41999,
        [
            "--Bridge:Security:RequestsPerSecond=100000", "--Bridge:Security:Burst=100000",
            "--Bridge:Security:MaxCallsPerSource=5000", "--Bridge:Security:MaxCalls=5000",
        ]);
    }

    public async Task DisposeAsync() => await Bridge.DisposeAsync();

    public static void WritePcmuTone(string path, double frequency, TimeSpan length, Func<int, bool>? lost = null)
    {
        var packets = new List<byte[]>();
        var sample = 0;
        for (var p = 0; p < length.TotalMilliseconds / 20; p++)
        {
            var payload = new byte[160];
            for (var i = 0; i < payload.Length; i++, sample++)
            {
                var value = (short)(8000 * Math.Sin(2 * Math.PI * frequency * sample / 8000));
                payload[i] = MuLawEncoder.LinearToMuLawSample(value);
            }

            packets.Add(payload);
        }

        RtpPcapWriter.Write(path, 0, packets, 160, lost: lost);
    }
}

[CollectionDefinition(Name)]
public sealed class BridgeCollection : ICollectionFixture<BridgeFixture>
{
    public const string Name = "bridge service";
}
