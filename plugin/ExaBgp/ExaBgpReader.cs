using System.Text;
using ExaHealth.Text;
using Microsoft.Extensions.Logging;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Drains stdin on its own loop for as long as ExaBGP keeps it open: ExaBGP blocks when the pipe
/// is full, so nothing here may wait on anything else. Lines are split on '\n' with a length
/// limit; each parsed line is handed to <c>onInput</c>. Returns at EOF. An answer runs the waiting
/// writer on this thread up to its next line, written into a pipe ExaBGP has just emptied
/// (<see cref="SentCommand.Answered"/>).
/// </summary>
internal sealed class ExaBgpReader
{
    public const int MaxLineBytes = 64 * 1024;

    private const int ReadBytes = 16 * 1024;

    private readonly Stream _input;
    private readonly Action<ExaBgpInput> _onInput;
    private readonly ILogger _logger;

    public ExaBgpReader(Stream input, Action<ExaBgpInput> onInput, ILogger logger)
    {
        _input = input;
        _onInput = onInput;
        _logger = logger;
    }

    /// <summary>
    /// Reads on a thread of its own until EOF. A pipe read blocks; on a pool thread it would hold one
    /// of the two a 2-core host starts with, and the writer's next line, waiting for a free one while
    /// the pipeline decides a large change, would wait for the pool to grow (half a second a thread).
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(cancellationToken);
                finished.SetResult();
            }
#pragma warning disable CA1031 // Handed to whoever awaits the reader.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                finished.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "exabgp-stdin",
        };
        thread.Start();
        return finished.Task;
    }

    private void Run(CancellationToken cancellationToken)
    {
        // The start of the buffer holds the part of a line read so far.
        var buffer = new byte[ReadBytes];
        int kept = 0;
        bool discarding = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (buffer.Length - kept < ReadBytes)
            {
                Array.Resize(ref buffer, kept + ReadBytes);
            }

            int read = _input.Read(buffer, kept, buffer.Length - kept);
            if (read == 0)
            {
                return;
            }

            int end = kept + read;
            int start = 0;
            int scan = kept; // what was kept holds no newline
            int found;
            while ((found = buffer.AsSpan(scan, end - scan).IndexOf((byte)'\n')) >= 0)
            {
                int newline = scan + found;
                if (discarding)
                {
                    discarding = false;
                }
                else
                {
                    Dispatch(buffer.AsSpan(start, newline - start));
                }

                start = newline + 1;
                scan = start;
            }

            kept = end - start;
            if (kept > MaxLineBytes)
            {
                if (!discarding)
                {
                    ExaBgpLog.LineTooLong(_logger, MaxLineBytes);
                }

                discarding = true;
                kept = 0;
            }
            else
            {
                buffer.AsSpan(start, kept).CopyTo(buffer);
            }

            if (kept == 0 && buffer.Length > ReadBytes)
            {
                buffer = new byte[ReadBytes];
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> line)
    {
        var input = ExaBgpInputParser.Parse(line);
        if (input.Kind == ExaBgpInputKind.Other)
        {
            ExaBgpLog.OtherInput(_logger, new Untrusted(Encoding.UTF8.GetString(line)));
        }

        _onInput(input);
    }
}
