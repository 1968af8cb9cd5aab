using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ExaHealth.Runtime;

/// <summary>
/// logging.format, changeable at runtime (SIGHUP): the console logger watches this source of
/// change notifications and takes the formatter named here when it fires.
/// </summary>
internal sealed class LogFormatSwitch(bool json) : IOptionsChangeTokenSource<ConsoleLoggerOptions>, IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _changed = new();
    private volatile bool _json = json;

    public string? Name => Options.DefaultName;

    public string FormatterName => _json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;

    public bool Json
    {
        get => _json;
        set
        {
            CancellationTokenSource fired;
            lock (_lock)
            {
                if (_json == value)
                {
                    return;
                }

                _json = value;
                fired = _changed;
                _changed = new CancellationTokenSource();
            }

            fired.Cancel();
            fired.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _changed.Dispose();
        }
    }

    public IChangeToken GetChangeToken()
    {
        lock (_lock)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }
}
