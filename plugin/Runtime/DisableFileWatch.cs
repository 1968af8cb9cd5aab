namespace ExaHealth.Runtime;

/// <summary>
/// Watches maintenance.disableFile so that a drain starts as soon as the operator touches it; the
/// check every policy.interval stays as the fallback (a directory that does not exist yet, a file
/// system without notifications). The callback only says "look again": the file is what counts.
/// </summary>
internal sealed class DisableFileWatch : IDisposable
{
    private readonly FileSystemWatcher? _watcher;

    public DisableFileWatch(string? file, Action changed)
    {
        string? directory = file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
        if (file is null || directory is null || !Directory.Exists(directory))
        {
            return;
        }

        try
        {
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(file))
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite,
            };
            _watcher.Created += (_, _) => changed();
            _watcher.Deleted += (_, _) => changed();
            _watcher.Renamed += (_, _) => changed();
            _watcher.Changed += (_, _) => changed();
            _watcher.Error += (_, _) => changed();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            // inotify limits, permissions: the interval check still works.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>False when only the interval check will notice the file.</summary>
    public bool Watching => _watcher is not null;

    public void Dispose() => _watcher?.Dispose();
}
