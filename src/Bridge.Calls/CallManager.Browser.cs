using Bridge.Calls.WebRtc;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Roster;
using Bridge.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>
/// Browser participants (issue 9): the gateway the web layer uses, on the same port range, mixer and conference service as
/// the phones. The DTLS certificate (ECDSA P-256) is the process's one (<c>CallManager.Dtls.cs</c>), shared with SIP phones.
/// </summary>
public sealed partial class CallManager
{
    private readonly Lock _browserLock = new();
    private BrowserGateway? _browserGateway;

    /// <summary>Checks PINs from the web page and joins browsers to rooms (<see cref="IBrowserGateway"/>).</summary>
    public IBrowserGateway BrowserGateway
    {
        get
        {
            lock (_browserLock)
            {
                return _browserGateway ??= new BrowserGateway(
                    _conference,
                    new WebRtcLegFactory(DtlsCertificate, _ports, _options, _time, _loggerFactory),
                    _media,
                    _admission,
                    _loggerFactory.CreateLogger<BrowserGateway>());
            }
        }
    }

    /// <summary>Who is in each room (<see cref="IRoomRoster"/>, implemented by the conference service).</summary>
    public IRoomRoster Roster => _conference;
}
