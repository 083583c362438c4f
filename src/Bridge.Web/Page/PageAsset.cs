namespace Bridge.Web.Page;

/// <summary>One file of the page, read once from the assembly: its bytes, media type and entity tag.</summary>
internal sealed record PageAsset(string Name, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
