using Bridge.DialPlans.Trunks;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Registration;

/// <summary>
/// Keeps the bridge registered (RFC 3261 §10.2) at the PBX of every trunk with a <c>register:</c> block: one loop per
/// trunk that registers with digest authentication, refreshes before the binding expires, and after a failure (no
/// answer, a refusal, wrong credentials) waits with <see cref="RegistrationBackoff"/>. Each state (registered, failed
/// with its reason) is logged once when it changes, and the start of each registration is logged. The plan is looked at
/// again every few seconds, so a reload adds, changes or drops registrations (a dropped one is removed at the registrar,
/// see TrunkRegistrations.Reload.cs). At a graceful stop the bindings are removed
/// (Expires: 0). Passwords are read when challenged and never logged.
/// </summary>
public sealed partial class TrunkRegistrations : IAsyncDisposable
{
    private static readonly TimeSpan PlanCheck = TimeSpan.FromSeconds(2);

    private readonly Func<TrunkTable> _trunks;
    private readonly Func<SipRegistration, TimeSpan, CancellationToken, Task<SipRegisterResult>> _register;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RegistrationBackoff _backoff;
    private readonly Dictionary<string, (TrunkRegistration Config, CancellationTokenSource Stop, Task Loop)> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _statesGate = new();
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (SipRegistration Registration, TrunkRegistration Config)> _bound = new(StringComparer.Ordinal);
    private Task _supervisor = Task.CompletedTask;

    public TrunkRegistrations(
        Func<TrunkTable> trunks,
        Func<SipRegistration, TimeSpan, CancellationToken, Task<SipRegisterResult>> register,
        TimeProvider time,
        ILogger logger,
        RegistrationBackoff? backoff = null)
    {
        _trunks = trunks;
        _register = register;
        _time = time;
        _logger = logger;
        _backoff = backoff ?? new RegistrationBackoff();
    }

    /// <summary>The current state of each trunk's registration (<c>registered</c>, <c>failed: …</c>), for status and tests.</summary>
    public IReadOnlyDictionary<string, string> States
    {
        get
        {
            lock (_statesGate)
            {
                return new Dictionary<string, string>(_states, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Starts the registrations of the current plan and watches it for changes.</summary>
    public void Start() => _supervisor = Task.Run(SuperviseAsync);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _supervisor.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var (_, (_, stop, loop)) in _running)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
        }

        await AwaitRemovalsAsync().ConfigureAwait(false);
        await UnregisterAllAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SuperviseAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Reconcile();
            try
            {
                await Task.Delay(PlanCheck, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts loops for new or changed registrations and stops those the plan no longer has.</summary>
    private void Reconcile()
    {
        var wanted = _trunks().All.Where(t => t.Register is not null).ToDictionary(t => t.Name, t => t.Register!, StringComparer.Ordinal);
        var removed = new Dictionary<string, Task>(StringComparer.Ordinal);
        foreach (var name in _running.Keys.ToList())
        {
            if (!wanted.TryGetValue(name, out var config) || config != _running[name].Config)
            {
                var (old, stop, loop) = _running[name];
                stop.Cancel();
                _running.Remove(name);
                lock (_statesGate)
                {
                    _states.Remove(name);
                }

                removed[name] = RemoveAfterReload(name, old, loop, config); // Expires: 0 for a binding the plan no longer has
            }
        }

        foreach (var (name, config) in wanted)
        {
            if (!_running.ContainsKey(name))
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var before = removed.GetValueOrDefault(name, Task.CompletedTask);
                _running[name] = (config, stop, Task.Run(async () =>
                {
                    await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    await RunAsync(name, config, stop.Token).ConfigureAwait(false);
                }));
            }
        }
    }

    private async Task RunAsync(string trunk, TrunkRegistration config, CancellationToken ct)
    {
        if (!SipUri.TryParse(config.Registrar, out var registrar))
        {
            SetState(trunk, config, "failed: registrar is not a SIP URI", failures: 1);
            return;
        }

        string? passwordProblem = null;
        var registration = new SipRegistration(registrar, config.User, config.AuthUser, () =>
        {
            var password = config.Password.Resolve(out var problem);
            if (problem is not null && problem != passwordProblem)
            {
                LogPasswordProblem(_logger, trunk, problem);
            }

            passwordProblem = problem;
            return password;
        });
        LogStarting(_logger, trunk, config.User, config.Registrar, config.Expires);
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            SipRegisterResult result;
            try
            {
                result = await _register(registration, TimeSpan.FromSeconds(config.Expires), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // a registrar's garbage must never end the loop: it counts as a failure
            catch (Exception ex)
#pragma warning restore CA1031
            {
                result = new SipRegisterResult(0, ex.GetType().Name, TimeSpan.Zero);
            }

            TimeSpan wait;
            if (result.Success && result.Granted > TimeSpan.Zero)
            {
                _bound[trunk] = (registration, config);
                failures = 0;
                SetState(trunk, config, "registered", failures, result.Granted);
                wait = RegistrationBackoff.Refresh(result.Granted);
            }
            else
            {
                _bound.TryRemove(trunk, out _);
                failures++;
                wait = _backoff.After(failures, Random.Shared.NextDouble());
                var reason = result.Status == 0 ? result.Reason ?? "no answer" : $"{result.Status} {result.Reason}";
                SetState(trunk, config, "failed: " + reason, failures, wait: wait);
            }

            try
            {
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>At a graceful stop: removes every binding the bridge holds (RFC 3261 §10.2.2: REGISTER with Expires: 0), all at
    /// once and within <see cref="UnregisterTimeout"/>, so the PBX stops sending calls to a bridge that is gone.</summary>
    private async Task UnregisterAllAsync()
    {
        if (_bound.IsEmpty)
        {
            return;
        }

        using var limit = new CancellationTokenSource(UnregisterTimeout, _time);
        var removals = _bound.Select(async pair =>
        {
            var (trunk, (registration, config)) = pair;
            try
            {
                var result = await _register(registration, TimeSpan.Zero, limit.Token).ConfigureAwait(false);
                LogUnregistered(_logger, trunk, config.User, config.Registrar, result.Success ? "removed" : $"not confirmed ({result.Status} {result.Reason})");
            }
#pragma warning disable CA1031 // stopping must go on whatever the registrar does
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogUnregistered(_logger, trunk, config.User, config.Registrar, "not confirmed (" + ex.GetType().Name + ")");
            }
        }).ToArray();
        await Task.WhenAll(removals).ConfigureAwait(false);
        _bound.Clear();
    }

    /// <summary>How long the stop waits for the registrars to confirm the removal of the bindings.</summary>
    internal static readonly TimeSpan UnregisterTimeout = TimeSpan.FromSeconds(3);

    private void SetState(string trunk, TrunkRegistration config, string state, int failures, TimeSpan granted = default, TimeSpan wait = default)
    {
        bool changed;
        lock (_statesGate)
        {
            changed = !_states.TryGetValue(trunk, out var previous) || previous != state;
            _states[trunk] = state;
        }

        if (!changed)
        {
            if (failures > 0)
            {
                LogRetrying(_logger, trunk, failures, (int)wait.TotalSeconds);
            }

            return;
        }

        if (failures == 0)
        {
            LogRegistered(_logger, trunk, config.User, config.Registrar, (int)granted.TotalSeconds);
        }
        else
        {
            LogFailed(_logger, trunk, config.User, config.Registrar, state["failed: ".Length..], (int)wait.TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Trunk {Trunk}: registering as {User} at {Registrar} (expires {Expires} s)")]
    private static partial void LogStarting(ILogger logger, string trunk, string user, string registrar, int expires);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Trunk {Trunk}: registered as {User} at {Registrar} for {Seconds} s")]
    private static partial void LogRegistered(ILogger logger, string trunk, string user, string registrar, int seconds);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Trunk {Trunk}: registration as {User} at {Registrar} failed: {Reason}; retrying with back-off, next in {Seconds} s")]
    private static partial void LogFailed(ILogger logger, string trunk, string user, string registrar, string reason, int seconds);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Trunk {Trunk}: registration still failing ({Failures} in a row), next try in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, string trunk, int failures, int seconds);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Trunk {Trunk}: registration as {User} at {Registrar} removed at stop: {Outcome}")]
    private static partial void LogUnregistered(ILogger logger, string trunk, string user, string registrar, string outcome);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Trunk {Trunk}: registration password unavailable: {Problem}")]
    private static partial void LogPasswordProblem(ILogger logger, string trunk, string problem);
}
