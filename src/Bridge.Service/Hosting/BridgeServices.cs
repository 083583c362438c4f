using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Service.Hosting;

/// <summary>Registers the bridge's hosted services in start order.</summary>
internal static class BridgeServices
{
    public static void Add(IServiceCollection services)
    {
        _ = services;
    }
}
