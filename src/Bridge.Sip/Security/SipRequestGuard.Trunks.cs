using System.Net;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Security;

/// <summary>
/// Declared trunks in the guard (issue 12). A trunk's address is never banned: its messages draw on one budget per
/// trunk (<see cref="SipTrunk.MessagesPerCall"/> × its call rate, at least the per-source rate) and over it they are
/// dropped, not banned. The flood ban applies per caller behind the trunk instead: each caller has the per-source
/// bucket of <see cref="SipGuardOptions"/>, and a caller who empties it is ignored for the ban duration (his live
/// calls go on) while everyone else behind the same PBX still gets in.
/// </summary>
internal sealed partial class SipRequestGuard
{
    private readonly Dictionary<string, SourceState> _trunkBudgets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceState> _callers = new(StringComparer.Ordinal);
    private long _lastCallerSweep;

    /// <summary>Whether the caller <paramref name="caller"/> behind <paramref name="trunk"/> is banned now (tests).</summary>
    public bool IsCallerBanned(string trunk, string caller)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            return _callers.TryGetValue(CallerKey(trunk, caller), out var state) && state.BannedUntil > now;
        }
    }

    private SipTrunk? FindTrunk(IPAddress source, string? certificateSubject) => _trunks?.Find(source, certificateSubject);

    /// <summary>The raw check for a trunk's datagram or frame: its own budget, no ban.</summary>
    private SipGuardDecision CheckTrunk(SipTrunk trunk, long now)
    {
        var rate = Math.Max(_options.RequestsPerSecond, (trunk.CallsPerSecond > 0 ? trunk.CallsPerSecond : _options.RequestsPerSecond) * SipTrunk.MessagesPerCall);
        var burst = Math.Max(_options.Burst, rate * 2);
        lock (_gate)
        {
            if (!_trunkBudgets.TryGetValue(trunk.Name, out var state))
            {
                state = new SourceState { Tokens = burst, RefilledAt = now };
                _trunkBudgets[trunk.Name] = state;
            }

            state.Tokens = Math.Min(burst, state.Tokens + ((now - state.RefilledAt) * rate / _second));
            state.RefilledAt = now;
            if (state.Tokens >= 1)
            {
                state.Tokens -= 1;
                return SipGuardDecision.Allow;
            }

            _dropped++;
            return SipGuardDecision.Drop;
        }
    }

    /// <summary>The per-caller flood check of a request that came through <paramref name="trunk"/>. Responses pass (they
    /// answer our own requests).</summary>
    private bool AdmitFromTrunk(SipMessage message, SipTrunk trunk, IPAddress source)
    {
        if (message is not SipRequest request)
        {
            return true;
        }

        var caller = SipAssertedIdentity.CallerOf(request, trunk.TrustIdentity);
        var now = _time.GetTimestamp();
        bool banned;
        bool logBan = false;
        int requests = 0;
        lock (_gate)
        {
            var state = FindCaller(CallerKey(trunk.Name, caller), now);
            if (now - state.WindowStart >= _second)
            {
                state.WindowStart = now;
                state.WindowCount = 0;
            }

            state.WindowCount++;
            banned = state.BannedUntil > now;
            if (!banned)
            {
                state.Tokens = Math.Min(_options.Burst, state.Tokens + ((now - state.RefilledAt) * _tokensPerTick));
                state.RefilledAt = now;
                if (state.Tokens >= 1)
                {
                    state.Tokens -= 1;
                }
                else
                {
                    state.BannedUntil = now + _banTicks;
                    _bans++;
                    banned = true;
                    requests = state.WindowCount;
                    logBan = !ReferenceEquals(state, _overflow) && TakeLogToken(now);
                }
            }
        }

        if (logBan)
        {
            SecurityLog.CallerFloodBan(_logger, source.ToString(), trunk.Name, MaskCaller(caller), requests, (long)_options.BanDuration.TotalSeconds);
        }

        if (!banned || _calls.IsInCall(message, source))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    private static string CallerKey(string trunk, string caller) => trunk + "\n" + caller;

    /// <summary>The caller as the PIN log writes it (<c>***123</c>): length hidden, only the last three characters.</summary>
    private static string MaskCaller(string caller) =>
        caller.Length <= 3 ? "***" : "***" + Printable(caller[^3..]);

    private SourceState FindCaller(string key, long now)
    {
        if (_callers.Count >= _options.MaxTrackedSources && !_callers.ContainsKey(key))
        {
            SweepCallers(now);
        }

        return Track(_callers, key, now);
    }

    private void SweepCallers(long now)
    {
        if (now - _lastCallerSweep < _second)
        {
            return;
        }

        _lastCallerSweep = now;
        foreach (var (key, state) in _callers.ToList())
        {
            if (state.BannedUntil <= now && now - state.RefilledAt >= _refillTicks)
            {
                _callers.Remove(key);
            }
        }
    }
}
