namespace Bridge.Sdp;

/// <summary>Lookups shared by session- and media-level attribute lists (attribute names compare case-insensitively, RFC 4566 §9).</summary>
internal static class SdpAttributeList
{
    public static string? GetValue(IList<SdpAttribute> attributes, string name)
    {
        for (int i = 0; i < attributes.Count; i++)
        {
            if (string.Equals(attributes[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attributes[i].Value ?? string.Empty;
            }
        }

        return null;
    }

    public static bool Has(IList<SdpAttribute> attributes, string name) => GetValue(attributes, name) is not null;

    /// <summary>The last direction attribute of the list, or null when none is present.</summary>
    public static MediaDirection? GetDirection(IList<SdpAttribute> attributes)
    {
        MediaDirection? result = null;
        for (int i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Value is null && MediaDirectionExtensions.TryParseAttributeName(attributes[i].Name, out MediaDirection direction))
            {
                result = direction;
            }
        }

        return result;
    }

    /// <summary>Replaces any direction attribute; null removes them.</summary>
    public static void SetDirection(IList<SdpAttribute> attributes, MediaDirection? direction)
    {
        int firstIndex = -1;
        for (int i = attributes.Count - 1; i >= 0; i--)
        {
            if (attributes[i].Value is null && MediaDirectionExtensions.TryParseAttributeName(attributes[i].Name, out _))
            {
                attributes.RemoveAt(i);
                firstIndex = i;
            }
        }

        if (direction is MediaDirection value)
        {
            var attribute = new SdpAttribute(value.ToAttributeName());
            if (firstIndex >= 0 && firstIndex <= attributes.Count)
            {
                attributes.Insert(firstIndex, attribute);
            }
            else
            {
                attributes.Add(attribute);
            }
        }
    }
}
