using Bridge.Calls;
using Bridge.Calls.Registration;
using Bridge.Service.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>Runs the registrations of the dial plan's trunks (issue 12, RFC 3261 §10.2) and enables dial-out once SIP is up (it is registered
/// after <see cref="SipService"/>, so it starts after it and stops before it).</summary>
internal sealed class TrunkRegistrationService(IServiceProvider services, CallManager calls, BridgeOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    : IHostedService, IAsyncDisposable
{
    private TrunkRegistrations? _registrations;

    /// <summary>Each trunk's registration state now (for /metrics); null while not running.</summary>
    public IReadOnlyDictionary<string, string>? States => _registrations?.States;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sip = services.GetServices<IHostedService>().OfType<SipService>().Single();
        var endpoint = sip.Endpoint;
        calls.EnableDialOut(endpoint, options.DialOutNameserver); // moderators' *7 (issue 12) places calls through the trunks' dialOut
        _registrations = new TrunkRegistrations(() => calls.Conference.Trunks, endpoint.RegisterAsync, time,
            loggerFactory.CreateLogger<TrunkRegistrations>(), options.RegistrationBackoff);
        _registrations.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registrations is not null)
        {
            await _registrations.DisposeAsync().ConfigureAwait(false);
            _registrations = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_registrations is not null)
        {
            await _registrations.DisposeAsync().ConfigureAwait(false);
        }
    }
}
