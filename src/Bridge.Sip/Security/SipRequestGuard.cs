using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Security;

/// <summary>
/// Scanner and flood defence in front of the SIP stack (issue #5). Two checks:
/// <list type="number">
/// <item><see cref="CheckSource"/> on the raw datagram (UDP, before parsing) or frame (TCP/TLS): a token bucket per
/// source address; a source that empties its bucket is banned for <see cref="SipGuardOptions.BanDuration"/> and
/// everything it sends is dropped silently (RFC 3261 lets a server ignore what it will not serve; an answer would
/// only tell a scanner it found something).</item>
/// <item><see cref="Admit"/> on the parsed message: requests from known scanner User-Agents are dropped silently.</item>
/// </list>
/// Live calls are not starved: a banned source that is the remote end of a live session still gets its messages
/// parsed, and those belonging to one of its sessions (matched by Call-ID: BYE, ACK, re-INVITE, INFO, responses to
/// our BYE) pass; everything else from it is dropped. The price is that a flood from an address with live calls is
/// parsed instead of dropped raw; the alternative (dropping the BYE of a real caller sharing a NAT address with an
/// attacker) leaves ghost participants in rooms until the RTP timeout. Bans are not imposed for a scanner
/// User-Agent alone: over UDP a source address can be forged, and a forged scanner packet must not lock a trunk out.
/// </summary>
internal sealed partial class SipRequestGuard
{
    private readonly SipGuardOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISipLiveCalls _calls;
    private readonly ISipTrunkDirectory? _trunks;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, SourceState> _sources = [];
    private readonly SourceState _overflow = new();
    private readonly long _banTicks;
    private readonly long _second;
    private readonly double _tokensPerTick;
    private readonly long _refillTicks;
    private double _logTokens;
    private long _logRefilledAt;
    private long _lastSweep;
    private long _dropped;
    private long _scannerDropped;
    private long _bans;
    private long _suppressedLogLines;

    public SipRequestGuard(SipGuardOptions options, TimeProvider time, ILogger logger, ISipLiveCalls calls, ISipTrunkDirectory? trunks = null)
    {
        _trunks = trunks;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time;
        _logger = logger;
        _calls = calls;
        _second = time.TimestampFrequency;
        _banTicks = (long)(options.BanDuration.TotalSeconds * _second);
        _tokensPerTick = options.RequestsPerSecond / _second;
        _refillTicks = (long)Math.Ceiling(options.Burst / _tokensPerTick);
        _logTokens = options.MaxSecurityLogLinesPerMinute;
        _logRefilledAt = time.GetTimestamp();
        _lastSweep = _logRefilledAt;
    }

    public bool Enabled => _options.Enabled;

    public SipGuardStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new SipGuardStatistics(_dropped, _scannerDropped, _bans, _sources.Count, _suppressedLogLines);
            }
        }
    }

    /// <summary>Rate and ban check for one received datagram or frame from <paramref name="source"/>. Allocation-free
    /// for a known source.</summary>
    public SipGuardDecision CheckSource(IPAddress source)
    {
        if (!_options.Enabled)
        {
            return SipGuardDecision.Allow;
        }

        var now = _time.GetTimestamp();
        if (FindTrunk(source, null) is { } trunk)
        {
            return CheckTrunk(trunk, now);
        }

        bool logBan;
        int requests;
        SipGuardDecision decision;
        lock (_gate)
        {
            var state = Find(source, now);
            if (now - state.WindowStart >= _second)
            {
                state.WindowStart = now;
                state.WindowCount = 0;
            }

            state.WindowCount++;
            if (state.BannedUntil > now)
            {
                return Restricted(state, source, now);
            }

            state.Tokens = Math.Min(_options.Burst, state.Tokens + ((now - state.RefilledAt) * _tokensPerTick));
            state.RefilledAt = now;
            if (state.Tokens >= 1)
            {
                state.Tokens -= 1;
                return SipGuardDecision.Allow;
            }

            state.BannedUntil = now + _banTicks;
            _bans++;
            requests = state.WindowCount;
            logBan = !ReferenceEquals(state, _overflow) && TakeLogToken(now);
            decision = Restricted(state, source, now);
        }

        if (logBan)
        {
            SecurityLog.FloodBan(_logger, source.ToString(), requests, (long)_options.BanDuration.TotalSeconds);
        }

        return decision;
    }

    /// <summary>Check of a parsed message. Stream transports (TCP/TLS) have no raw check, so theirs runs here first;
    /// a UDP datagram has passed <see cref="CheckSource"/> already.</summary>
    public bool Admit(SipMessage message, SipRemote remote)
    {
        if (!_options.Enabled)
        {
            return true;
        }

        var source = remote.EndPoint.Address;
        var trunk = FindTrunk(source, remote.ClientCertificateSubject);
        var decision = !remote.IsReliable ? SipGuardDecision.Allow
            : trunk is not null ? CheckTrunk(trunk, _time.GetTimestamp())
            : CheckSource(source);
        if (decision == SipGuardDecision.Drop)
        {
            return false;
        }

        if (message is SipRequest request && _options.DropScanners && ScannerAgent(request) is { } agent)
        {
            OnScanner(source, agent);
            return false;
        }

        if (trunk is not null)
        {
            return AdmitFromTrunk(message, trunk, source);
        }

        if (decision == SipGuardDecision.Allow && !IsBanned(source))
        {
            return true;
        }

        if (_calls.IsInCall(message, source))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Whether <paramref name="source"/> is banned right now.</summary>
    public bool IsBanned(IPAddress source)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            return _sources.TryGetValue(source, out var state) ? state.BannedUntil > now : _overflow.BannedUntil > now && _sources.Count >= _options.MaxTrackedSources;
        }
    }

    private string? ScannerAgent(SipRequest request)
    {
        var agent = request.Headers[SipHeaderNames.UserAgent];
        if (string.IsNullOrEmpty(agent))
        {
            return null;
        }

        foreach (var scanner in _options.ScannerUserAgents)
        {
            if (agent.Contains(scanner, StringComparison.OrdinalIgnoreCase))
            {
                return agent;
            }
        }

        return null;
    }

    private void OnScanner(IPAddress source, string agent)
    {
        var now = _time.GetTimestamp();
        bool log;
        lock (_gate)
        {
            _scannerDropped++;
            var state = Find(source, now);
            log = !ReferenceEquals(state, _overflow) && (state.ScannerLoggedAt == 0 || now - state.ScannerLoggedAt >= Math.Max(_banTicks, _second))
                && TakeLogToken(now);
            if (log)
            {
                state.ScannerLoggedAt = now;
            }
        }

        if (log)
        {
            SecurityLog.Scanner(_logger, source.ToString(), Printable(agent));
        }
    }

    /// <summary>Dropped, unless the source has live calls (cached for a second per source).</summary>
    private SipGuardDecision Restricted(SourceState state, IPAddress source, long now)
    {
        if (now - state.CallsCheckedAt >= _second || state.CallsCheckedAt == 0)
        {
            state.HasCalls = !ReferenceEquals(state, _overflow) && _calls.HasCalls(source);
            state.CallsCheckedAt = now;
        }

        if (state.HasCalls)
        {
            return SipGuardDecision.InDialogOnly;
        }

        Interlocked.Increment(ref _dropped);
        return SipGuardDecision.Drop;
    }

    private SourceState Find(IPAddress source, long now)
    {
        if (_sources.Count >= _options.MaxTrackedSources && !_sources.ContainsKey(source))
        {
            Sweep(now);
        }

        return Track(_sources, source, now);
    }

    /// <summary>
    /// The state kept for <paramref name="key"/> in <paramref name="table"/> (sources, or callers behind a trunk), tracked
    /// from now on; the shared overflow state when the table is full (the caller sweeps it first).
    /// </summary>
    private SourceState Track<TKey>(Dictionary<TKey, SourceState> table, TKey key, long now)
        where TKey : notnull
    {
        if (table.TryGetValue(key, out var state))
        {
            return state;
        }

        if (table.Count >= _options.MaxTrackedSources)
        {
            return _overflow;
        }

        state = new SourceState { Tokens = _options.Burst, RefilledAt = now, WindowStart = now };
        table[key] = state;
        return state;
    }

    /// <summary>Forgets sources that are not banned and whose bucket has refilled (at most once a second).</summary>
    private void Sweep(long now)
    {
        if (now - _lastSweep < _second)
        {
            return;
        }

        _lastSweep = now;
        List<IPAddress>? idle = null;
        foreach (var (address, state) in _sources)
        {
            if (state.BannedUntil <= now && now - state.RefilledAt >= _refillTicks && now - state.ScannerLoggedAt >= _banTicks)
            {
                (idle ??= []).Add(address);
            }
        }

        if (idle is not null)
        {
            foreach (var address in idle)
            {
                _sources.Remove(address);
            }
        }
    }

    private bool TakeLogToken(long now)
    {
        var perMinute = _options.MaxSecurityLogLinesPerMinute;
        _logTokens = Math.Min(perMinute, _logTokens + ((now - _logRefilledAt) * (double)perMinute / (60.0 * _second)));
        _logRefilledAt = now;
        if (_logTokens >= 1)
        {
            _logTokens -= 1;
            return true;
        }

        _suppressedLogLines++;
        return false;
    }

    /// <summary>A User-Agent as one short log token: printable ASCII only, at most 64 characters.</summary>
    internal static string Printable(string agent)
    {
        var length = Math.Min(agent.Length, 64);
        return string.Create(length, agent, static (span, value) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = value[i];
                span[i] = c is > ' ' and < (char)127 ? c : '_';
            }
        });
    }

    private sealed class SourceState
    {
        public double Tokens;
        public long RefilledAt;
        public long BannedUntil;
        public long WindowStart;
        public int WindowCount;
        public long CallsCheckedAt;
        public bool HasCalls;
        public long ScannerLoggedAt;
    }
}
