using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Bridge.Calls;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// Does, on a thread of its own while the host starts, what the first call would otherwise wait for.
/// <list type="number">
/// <item>Compiles the code that runs on the mixer threads, off those threads. Without it the first tick that meets a code path
/// (a codec, a prompt, a digit, a new participant's first frame) waits for the JIT on the real-time thread: measured with
/// <see cref="System.Runtime.JitInfo.GetCompilationTime"/> on the mixer threads, about 16 ms of compilation spread over the
/// first calls of a load of 200, which made single ticks take 5–7 ms on a busy machine.
/// <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/> compiles a method's first tier; tiering up later happens on
/// the runtime's own background thread. Methods with loops are compiled fully optimised at once
/// (<c>TieredCompilationQuickJitForLoops</c> is off in the project): otherwise a loop that gets hot switches to an optimised
/// body by on-stack replacement, compiled on the very thread that runs the loop, i.e. the mixer's. Together they took the
/// compilation on the mixer threads during that load from ~16 ms to under 1 ms.</item>
/// <item>Makes the process's DTLS certificate (<see cref="CallManager.PrepareDtlsCertificate"/>): every answer's
/// negotiation carries its fingerprint, and making it (an ECDSA P-256 key, the certificate, BouncyCastle's code for both)
/// was most of the first call's extra wait.</item>
/// <item>Compiles the signalling path (SIP, SDP, the conference and the dial plans) the same way. The first INVITE after a
/// start was answered 190–265 ms after it arrived (100 Trying after 70–105 ms), later ones in 1–4 ms.</item>
/// </list>
/// Start-up does not wait for it; a call that arrives meanwhile compiles what it needs itself, as before.
/// </summary>
internal static partial class CallPathWarmUp
{
    /// <summary>The assemblies whose code the mixer threads run: mixing and codecs, RTP and SRTP, the call legs.</summary>
    private static readonly Assembly[] MediaPath =
        [typeof(Bridge.Media.Mixing.MixRoom).Assembly, typeof(Bridge.Rtp.RtpSession).Assembly, typeof(CallManager).Assembly];

    /// <summary>The assemblies an INVITE goes through before its media: SIP, SDP, the conference and its IVR, the dial plans.</summary>
    private static readonly Assembly[] SignallingPath =
    [
        typeof(Bridge.Sip.Messages.SipRequest).Assembly, typeof(Bridge.Sdp.SessionDescription).Assembly,
        typeof(Bridge.Conferencing.ConferenceService).Assembly, typeof(Bridge.DialPlans.DialPlanLoader).Assembly,
    ];

    /// <summary>Starts the work on a background thread; logs once when it is done.</summary>
    internal static void Start(CallManager calls, ILogger logger)
    {
        var thread = new Thread(() =>
        {
            (int media, TimeSpan mediaTime) = Prepare(MediaPath);
            var clock = Stopwatch.StartNew();
            try
            {
                calls.PrepareDtlsCertificate();
            }
#pragma warning disable CA1031 // an exception here would end the process; the first call tries again and reports it there
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogCertificateFailed(logger, exception.Message);
            }

            TimeSpan certificateTime = clock.Elapsed;
            (int signalling, TimeSpan signallingTime) = Prepare(SignallingPath);
            LogPrepared(logger, media, (long)mediaTime.TotalMilliseconds, (long)certificateTime.TotalMilliseconds, signalling,
                (long)signallingTime.TotalMilliseconds);
        })
        {
            IsBackground = true,
            Name = "call-path-warm-up",
        };
        thread.Start();
    }

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static |
        BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Compiles every non-generic method body of the given assemblies; returns how many and how long it took.</summary>
    internal static (int Methods, TimeSpan Elapsed) Prepare(IEnumerable<Assembly> assemblies)
    {
        var clock = Stopwatch.StartNew();
        int prepared = 0;
        foreach (Assembly assembly in assemblies)
        {
            foreach (Type type in LoadableTypes(assembly))
            {
                if (type.ContainsGenericParameters)
                {
                    continue;
                }

                foreach (MethodBase method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
                {
                    if (TryPrepare(method))
                    {
                        prepared++;
                    }
                }
            }
        }

        return (prepared, clock.Elapsed);
    }

    private static bool TryPrepare(MethodBase method)
    {
        if (method.IsAbstract || method.ContainsGenericParameters ||
            (method.Attributes & MethodAttributes.PinvokeImpl) != 0 ||
            (method.MethodImplementationFlags & (MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime)) != 0)
        {
            return false;
        }

        try
        {
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            return true;
        }
#pragma warning disable CA1031 // a method the runtime cannot prepare ahead is simply compiled when first called
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The DTLS certificate could not be made ahead of the first call: {Reason}")]
    private static partial void LogCertificateFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call path ready ahead of the first call: media path {MediaMethods} methods compiled in {MediaMilliseconds} ms, DTLS certificate made in {CertificateMilliseconds} ms, signalling path {SignallingMethods} methods compiled in {SignallingMilliseconds} ms")]
    private static partial void LogPrepared(ILogger logger, int mediaMethods, long mediaMilliseconds, long certificateMilliseconds, int signallingMethods, long signallingMilliseconds);
}
