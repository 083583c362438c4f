using System.Net;

namespace Bridge.Rtp;

/// <summary>Packets from a source that may not take over a call were dropped (see <see cref="RtpSession.ForeignSourceDropped"/>).</summary>
public sealed class RtpForeignSourceEventArgs(IPEndPoint source, long droppedSinceLastReport, long droppedTotal) : EventArgs
{
    /// <summary>The source of the packet that triggered this report (the latest foreign source).</summary>
    public IPEndPoint Source { get; } = source;

    /// <summary>Packets dropped since the previous report (from any foreign source).</summary>
    public long DroppedSinceLastReport { get; } = droppedSinceLastReport;

    /// <summary>Packets dropped in this session so far.</summary>
    public long DroppedTotal { get; } = droppedTotal;
}
