using System.Collections;
using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>
/// The header fields of a message in wire order (RFC 3261 §7.3). Parsed headers are kept as ranges over the
/// received bytes and turned into strings only on first access; names are stored in canonical long form.
/// The bytes are either owned (an array only this message and responses built from it read) or borrowed from a
/// transport's receive buffer, valid only while that transport dispatches the message (see <see cref="SipMessage.Detach"/>).
/// </summary>
public sealed class SipHeaders : IEnumerable<SipHeader>
{
    private byte[]? _buffer;
    private int _offset;
    private int _length;
    private bool _borrowed;
    private bool _released;
    private Entry[] _entries;
    private string?[]? _values;
    private int _count;

    /// <summary>Creates an empty collection.</summary>
    public SipHeaders()
    {
        _entries = new Entry[8];
    }

    /// <summary>
    /// Creates a collection over the parsed message <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="length"/>];
    /// entries are added with <see cref="AddRaw"/> as ranges relative to <paramref name="offset"/>. A borrowed buffer
    /// belongs to the caller, who ends the loan with <see cref="Release"/>.
    /// </summary>
    internal SipHeaders(byte[] buffer, int offset, int length, int capacity, bool borrowed)
    {
        _buffer = buffer;
        _offset = offset;
        _length = length;
        _borrowed = borrowed;
        _entries = new Entry[Math.Max(capacity, 4)];
    }

    /// <summary>True while the parsed bytes are a transport's receive buffer rather than the message's own copy.</summary>
    internal bool IsBorrowed => _borrowed;

    /// <summary>
    /// Copies borrowed bytes into an array of their own (exactly the message's length) and reads from it from now on;
    /// returns that array, or null when the bytes were already owned.
    /// </summary>
    internal byte[]? Detach()
    {
        if (!_borrowed)
        {
            return null;
        }

        var copy = _buffer.AsSpan(_offset, _length).ToArray();
        _buffer = copy;
        _offset = 0;
        _borrowed = false;
        return copy;
    }

    /// <summary>Ends a loan: the buffer goes back to its transport and any later read of a byte range throws.</summary>
    internal void Release()
    {
        if (_borrowed)
        {
            _buffer = null;
            _borrowed = false;
            _released = true;
        }
    }

    /// <summary>Bytes <paramref name="start"/>..+<paramref name="length"/> of the parsed message.</summary>
    internal ReadOnlySpan<byte> Raw(int start, int length)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        return _buffer.AsSpan(_offset + start, length);
    }

    /// <summary>Like <see cref="Raw"/>, as memory (the parsed body).</summary>
    internal ReadOnlyMemory<byte> RawMemory(int start, int length)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        return _buffer.AsMemory(_offset + start, length);
    }

    /// <summary>True once a loan ended without <see cref="Detach"/>.</summary>
    internal bool IsReleased => _released;

    /// <summary>Number of header lines.</summary>
    public int Count => _count;

    /// <summary>Changes on every mutation, so that cached parsed values can be invalidated.</summary>
    internal int Version { get; private set; }

    /// <summary>The first value of the named header (long or compact name, case-insensitive), or null.</summary>
    public string? this[string name]
    {
        get
        {
            var index = IndexOf(SipHeaderNames.Canonicalize(name), 0);
            return index < 0 ? null : GetValue(index);
        }
    }

    /// <summary>All values of the header; comma-separated lists are split for list headers (§7.3.1), quotes and angle brackets respected.</summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var split = SipHeaderNames.IsList(canonical);
        var result = new List<string>();
        for (var i = IndexOf(canonical, 0); i >= 0; i = IndexOf(canonical, i + 1))
        {
            var value = GetValue(i);
            if (split)
            {
                SipListSplitter.Split(value, result);
            }
            else
            {
                result.Add(value);
            }
        }

        return result;
    }

    /// <summary>Appends a header line.</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Insert(_count, SipHeaderNames.Canonicalize(name), value);
    }

    /// <summary>Replaces every line of the header by one line with this value, at the position of the first one (or appended).</summary>
    public void Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var canonical = SipHeaderNames.Canonicalize(name);
        var first = IndexOf(canonical, 0);
        if (first < 0)
        {
            Insert(_count, canonical, value);
            return;
        }

        EnsureValues();
        _entries[first] = new Entry(canonical, -1, 0);
        _values![first] = value;
        for (var i = IndexOf(canonical, first + 1); i >= 0; i = IndexOf(canonical, i))
        {
            RemoveAt(i);
        }

        Version++;
    }

    /// <summary>Inserts a header line before every other line (used for Via, §16.6 and §18.1.1).</summary>
    public void InsertFirst(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Insert(0, SipHeaderNames.Canonicalize(name), value);
    }

    /// <summary>Removes every line of the header; false when there was none.</summary>
    public bool Remove(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var removed = false;
        for (var i = IndexOf(canonical, 0); i >= 0; i = IndexOf(canonical, i))
        {
            RemoveAt(i);
            removed = true;
        }

        if (removed)
        {
            Version++;
        }

        return removed;
    }

    /// <summary>Removes only the first line of the header (e.g. the top Via when a response goes upstream, §18.1.2).</summary>
    public bool RemoveFirst(string name)
    {
        var index = IndexOf(SipHeaderNames.Canonicalize(name), 0);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        Version++;
        return true;
    }

    /// <summary>
    /// Replaces the first value of a header, keeping any further comma-separated values of the same line (§7.3.1),
    /// e.g. to add "received"/"rport" to the top Via (§18.2.1, RFC 3581 §4). Appends the header when absent.
    /// </summary>
    public void ReplaceFirstValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = IndexOf(canonical, 0);
        if (index < 0)
        {
            Insert(_count, canonical, value);
            return;
        }

        var current = GetValue(index);
        var comma = SipHeaderNames.IsList(canonical) ? SipListSplitter.IndexOfSeparator(current) : -1;
        EnsureValues();
        _entries[index] = new Entry(canonical, -1, 0);
        _values![index] = comma < 0 ? value : value + "," + current[(comma + 1)..];
        Version++;
    }

    /// <summary>
    /// Removes the first value of a header, keeping further comma-separated values of the same line; removes the line
    /// when it held only that value (a UAC strips its own top Via from a response, §8.1.3.3 / §18.1.2).
    /// </summary>
    public bool RemoveFirstValue(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = IndexOf(canonical, 0);
        if (index < 0)
        {
            return false;
        }

        var current = GetValue(index);
        var comma = SipHeaderNames.IsList(canonical) ? SipListSplitter.IndexOfSeparator(current) : -1;
        var rest = comma < 0 ? ReadOnlySpan<char>.Empty : current.AsSpan(comma + 1).Trim();
        if (rest.IsEmpty)
        {
            RemoveAt(index);
        }
        else
        {
            EnsureValues();
            _entries[index] = new Entry(canonical, -1, 0);
            _values![index] = rest.ToString();
        }

        Version++;
        return true;
    }

    /// <summary>True when at least one line of the header is present.</summary>
    public bool Contains(string name) => IndexOf(SipHeaderNames.Canonicalize(name), 0) >= 0;

    /// <summary>Enumerates every line in order.</summary>
    public IEnumerator<SipHeader> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return new SipHeader(_entries[i].Name, GetValue(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Name of line <paramref name="index"/>.</summary>
    internal string GetName(int index) => _entries[index].Name;

    /// <summary>Index of the first line named <paramref name="canonical"/> at or after <paramref name="start"/>, or -1.</summary>
    internal int IndexOf(string canonical, int start)
    {
        var entries = _entries;
        for (var i = start; i < _count; i++)
        {
            var name = entries[i].Name;
            // Known names are stored as the canonical instances, so the reference test decides almost always.
            if (ReferenceEquals(name, canonical) || (name.Length == canonical.Length && string.Equals(name, canonical, StringComparison.OrdinalIgnoreCase)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Counts the lines named <paramref name="canonical"/>.</summary>
    internal int CountOf(string canonical)
    {
        var n = 0;
        for (var i = IndexOf(canonical, 0); i >= 0; i = IndexOf(canonical, i + 1))
        {
            n++;
        }

        return n;
    }

    /// <summary>The value of line <paramref name="index"/>, decoded (UTF-8) and unfolded on first access, then cached.</summary>
    internal string GetValue(int index)
    {
        if (_values is { } values && values[index] is { } cached)
        {
            return cached;
        }

        ref readonly var entry = ref _entries[index];
        var value = Decode(Raw(entry.Start, entry.Length));
        EnsureValues();
        _values![index] = value;
        return value;
    }

    /// <summary>
    /// The value of line <paramref name="index"/> as characters without allocating: a cached string's chars, or the raw
    /// bytes widened one byte per char into <paramref name="scratch"/> (enough for syntax checks: non-ASCII bytes stay
    /// non-ASCII chars, folding CRLFs stay whitespace). Returns false when <paramref name="scratch"/> is too small.
    /// </summary>
    internal bool TryGetChars(int index, Span<char> scratch, out ReadOnlySpan<char> chars)
    {
        if (_values is { } values && values[index] is { } cached)
        {
            chars = cached;
            return true;
        }

        ref readonly var entry = ref _entries[index];
        if (entry.Length > scratch.Length)
        {
            chars = default;
            return false;
        }

        var written = Encoding.Latin1.GetChars(Raw(entry.Start, entry.Length), scratch);
        chars = scratch[..written];
        return true;
    }

    /// <summary>The raw bytes of a parsed line's value (empty when the value was set as a string).</summary>
    internal bool TryGetRaw(int index, out ReadOnlySpan<byte> raw)
    {
        ref readonly var entry = ref _entries[index];
        if (entry.Start < 0)
        {
            raw = default;
            return false;
        }

        raw = Raw(entry.Start, entry.Length);
        return true;
    }

    /// <summary>Adds a parsed line as a range of the owned buffer (parser use; no string is made).</summary>
    internal void AddRaw(string canonicalName, int start, int length)
    {
        if (_count == _entries.Length)
        {
            Grow();
        }

        _entries[_count++] = new Entry(canonicalName, start, length);
    }

    /// <summary>
    /// Copies the lines named <paramref name="canonical"/> from another collection, sharing its bytes when they are owned
    /// (a borrowed receive buffer is never shared: its lines are copied as strings).
    /// </summary>
    internal void CopyFrom(SipHeaders source, string canonical)
    {
        for (var i = source.IndexOf(canonical, 0); i >= 0; i = source.IndexOf(canonical, i + 1))
        {
            ref readonly var entry = ref source._entries[i];
            if (entry.Start >= 0 && !source._borrowed && !source._released &&
                (_buffer is null || (ReferenceEquals(_buffer, source._buffer) && _offset == source._offset)))
            {
                _buffer = source._buffer;
                _offset = source._offset;
                _length = source._length;
                if (_count == _entries.Length)
                {
                    Grow();
                }

                _entries[_count++] = entry;
            }
            else
            {
                Insert(_count, entry.Name, source.GetValue(i));
            }
        }

        Version++;
    }

    private static string Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        // Unfold: CRLF followed by whitespace is one SP (RFC 3261 §7.3.1).
        var text = Encoding.UTF8.GetString(raw);
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                while (builder.Length > 0 && builder[^1] is ' ' or '\t')
                {
                    builder.Length--;
                }

                while (i < text.Length && text[i] is '\r' or '\n' or ' ' or '\t')
                {
                    i++;
                }

                builder.Append(' ');
                continue;
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString().Trim(' ', '\t');
    }

    private void Insert(int index, string canonical, string value)
    {
        if (_count == _entries.Length)
        {
            Grow();
        }

        EnsureValues();
        Array.Copy(_entries, index, _entries, index + 1, _count - index);
        Array.Copy(_values!, index, _values!, index + 1, _count - index);
        _entries[index] = new Entry(canonical, -1, 0);
        _values![index] = value;
        _count++;
        Version++;
    }

    private void RemoveAt(int index)
    {
        _count--;
        Array.Copy(_entries, index + 1, _entries, index, _count - index);
        _entries[_count] = default;
        if (_values is not null)
        {
            Array.Copy(_values, index + 1, _values, index, _count - index);
            _values[_count] = null;
        }
    }

    private void EnsureValues()
    {
        if (_values is null)
        {
            _values = new string?[_entries.Length];
        }
        else if (_values.Length < _entries.Length)
        {
            Array.Resize(ref _values, _entries.Length);
        }
    }

    private void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        if (_values is not null)
        {
            Array.Resize(ref _values, _entries.Length);
        }
    }

    private readonly record struct Entry(string Name, int Start, int Length);
}
