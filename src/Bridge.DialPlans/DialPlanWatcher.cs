using Microsoft.Extensions.Logging;

namespace Bridge.DialPlans;

/// <summary>
/// Watches a dial plan file or directory and reloads it after changes settle (debounce). A valid
/// change replaces <see cref="Current"/> atomically; an invalid one is logged and the old plan stays.
/// </summary>
public sealed partial class DialPlanWatcher : IDialPlanProvider, IDisposable
{
    /// <summary>Quiet time after the last file event before reloading (editors write in several steps).</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(500);

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly TimeSpan _debounce;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _timer;
    private readonly Lock _reloadLock = new();
    private DialPlan _current;
    private bool _disposed;

    /// <summary>Starts watching. <paramref name="initial"/> is the plan loaded at start-up (from the same path).</summary>
    public DialPlanWatcher(string path, DialPlan initial, ILogger logger, TimeProvider? timeProvider = null, TimeSpan? debounce = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(logger);
        _path = Path.GetFullPath(path);
        _current = initial;
        _logger = logger;
        _debounce = debounce ?? DefaultDebounce;
        _timer = (timeProvider ?? TimeProvider.System).CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        var isDirectory = Directory.Exists(_path);
        _watcher = isDirectory
            ? new FileSystemWatcher(_path)
            : new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path));
        _watcher.NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime;
        _watcher.Changed += OnFileEvent;
        _watcher.Created += OnFileEvent;
        _watcher.Deleted += OnFileEvent;
        _watcher.Renamed += OnFileEvent;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The plan in force.</summary>
    public DialPlan Current => Volatile.Read(ref _current);

    /// <summary>A changed plan loaded and is now <see cref="Current"/>.</summary>
    public event EventHandler<DialPlanReloadedEventArgs>? Reloaded;

    /// <summary>A changed plan had errors; <see cref="Current"/> did not change.</summary>
    public event EventHandler<DialPlanReloadFailedEventArgs>? ReloadFailed;

    /// <summary>Reloads now (also used for SIGHUP / admin API). Returns true when the plan was replaced.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return false;
            }

            DialPlanLoadResult result;
            try
            {
                result = DialPlanLoader.Load(_path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                result = new DialPlanLoadResult(null, [new DialPlanError(_path, 0, 0, ex.Message)]);
            }

            if (result.Plan is { } plan)
            {
                Volatile.Write(ref _current, plan);
                LogReloaded(_logger, _path, plan.RouteCount, plan.Rooms.Count);
                Reloaded?.Invoke(this, new DialPlanReloadedEventArgs(plan));
                return true;
            }

            foreach (var error in result.Errors)
            {
                LogReloadError(_logger, error.File, error.Line, error.Column, error.Message);
            }

            LogKeptOld(_logger, _path, result.Errors.Count);
            ReloadFailed?.Invoke(this, new DialPlanReloadFailedEventArgs(result.Errors));
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_reloadLock)
        {
            _disposed = true;
        }

        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        _timer.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (!Volatile.Read(ref _disposed))
        {
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dial plan {Path} reloaded: {Routes} routes, {Rooms} rooms")]
    private static partial void LogReloaded(ILogger logger, string path, int routes, int rooms);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dial plan error {File}:{Line}:{Column}: {Reason}")]
    private static partial void LogReloadError(ILogger logger, string file, int line, int column, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dial plan {Path} has {Count} error(s); keeping the previous plan")]
    private static partial void LogKeptOld(ILogger logger, string path, int count);
}
