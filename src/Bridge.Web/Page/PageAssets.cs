using System.Reflection;
using System.Security.Cryptography;

namespace Bridge.Web.Page;

/// <summary>
/// The page's files (HTML, CSS, JavaScript), embedded in this assembly so the published bridge serves them from any
/// working directory and works offline: nothing comes from a CDN or a third-party origin.
/// </summary>
internal sealed class PageAssets
{
    private const string Prefix = "Bridge.Web.wwwroot.";
    private readonly Dictionary<string, PageAsset> _assets = new(StringComparer.Ordinal);

    public PageAssets()
    {
        var assembly = typeof(PageAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[Prefix.Length..];
            var content = Read(assembly, resource);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
            _assets[name] = new PageAsset(name, content, ContentTypeOf(name), etag);
        }
    }

    /// <summary>The room page (<c>index.html</c>).</summary>
    public PageAsset Page => _assets["index.html"];

    /// <summary>A file by its name under <c>wwwroot/</c>, or null.</summary>
    public PageAsset? Find(string name) => _assets.GetValueOrDefault(name);

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
