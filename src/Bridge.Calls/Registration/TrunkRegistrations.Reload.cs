using Bridge.DialPlans.Trunks;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Registration;

/// <summary>
/// A reload that drops a trunk's <c>register:</c> (or the trunk) removes the binding the bridge holds there (RFC 3261
/// §10.2.2: REGISTER with Expires: 0), as the graceful stop does. A changed registration for another address of record
/// (registrar, user or auth user) removes the old binding before registering the new one; a change that keeps the address
/// of record (password, expiry) just registers again, which replaces the binding (§10.3 step 7) — removing it afterwards
/// would remove the new one too.
/// </summary>
public sealed partial class TrunkRegistrations
{
    /// <summary>How long a reload waits for the registrar to confirm the removal of a dropped binding.</summary>
    internal static readonly TimeSpan ReloadUnregisterTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Removals started by reloads; awaited before the stop removes the remaining bindings. Touched only by the
    /// supervisor, then by <see cref="DisposeAsync"/> after it has ended.</summary>
    private readonly List<Task> _removals = [];

    /// <summary>True when <paramref name="next"/> registers the same address of record as <paramref name="previous"/>.</summary>
    internal static bool SameAddressOfRecord(TrunkRegistration previous, TrunkRegistration next) =>
        string.Equals(previous.Registrar, next.Registrar, StringComparison.Ordinal)
        && string.Equals(previous.User, next.User, StringComparison.Ordinal)
        && string.Equals(previous.AuthUser, next.AuthUser, StringComparison.Ordinal);

    /// <summary>The registration loop of <paramref name="trunk"/> (<paramref name="config"/>) was stopped by a reload: once it has
    /// ended, its binding is removed unless the plan now registers the same address of record. The returned task ends
    /// when that is done, so a new registration can start after it.</summary>
    private Task RemoveAfterReload(string trunk, TrunkRegistration config, Task loop, TrunkRegistration? next)
    {
        if (next is not null && SameAddressOfRecord(config, next))
        {
            return Task.CompletedTask;
        }

        var removal = Task.Run(async () =>
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_bound.TryGetValue(trunk, out var bound) || bound.Config != config
                || !_bound.TryRemove(new KeyValuePair<string, (Bridge.Sip.Stack.SipRegistration, TrunkRegistration)>(trunk, bound)))
            {
                return; // never registered (or already failed): nothing to remove
            }

            string outcome;
            try
            {
                using var limit = new CancellationTokenSource(ReloadUnregisterTimeout, _time); // not cut short by a stop: the stop waits
                var result = await _register(bound.Registration, TimeSpan.Zero, limit.Token).ConfigureAwait(false);
                outcome = result.Success ? "removed" : $"not confirmed ({result.Status} {result.Reason})";
            }
#pragma warning disable CA1031 // a registrar's failure must not stop the supervisor
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outcome = "not confirmed (" + ex.GetType().Name + ")";
            }

            LogUnregisteredOnReload(_logger, trunk, config.User, config.Registrar, outcome);
        });
        _removals.RemoveAll(t => t.IsCompleted);
        _removals.Add(removal);
        return removal;
    }

    /// <summary>At a stop: lets removals a reload started finish, for at most <see cref="UnregisterTimeout"/>.</summary>
    private async Task AwaitRemovalsAsync()
    {
        await Task.WhenAll(_removals).WaitAsync(UnregisterTimeout, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _removals.Clear();
    }

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Trunk {Trunk}: registration as {User} at {Registrar} removed after a reload: {Outcome}")]
    private static partial void LogUnregisteredOnReload(ILogger logger, string trunk, string user, string registrar, string outcome);
}
