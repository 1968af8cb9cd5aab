using System.Buffers;
using System.Text;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Gathers the rows of a streamed snapshot into table-updates objects of <see cref="RowsPerPart"/>
/// rows, checks each (<see cref="TableUpdatesData.Check"/>) and hands it on.
/// </summary>
internal sealed class SnapshotPartWriter
{
    public const int RowsPerPart = 4096;

    private readonly MonitorRequest _request;
    private readonly bool _version1;
    private readonly Action<TableUpdatesData> _publish;
    private ArrayBufferWriter<byte>? _output;
    private MonitoredTable? _partTable;
    private int _partRows;

    public SnapshotPartWriter(MonitorRequest request, bool version1, Action<TableUpdatesData> publish)
    {
        _request = request;
        _version1 = version1;
        _publish = publish;
        Rows = new RowCounts(request);
    }

    /// <summary>Rows handed on, per table.</summary>
    public RowCounts Rows { get; }

    /// <param name="table">A monitored table.</param>
    /// <param name="uuid">The row key, checked to be a uuid.</param>
    /// <param name="row">The row-update object as received.</param>
    public void Append(MonitoredTable table, ReadOnlySpan<byte> uuid, ReadOnlySequence<byte> row)
    {
        // Written by hand: table names are our own, the key was checked to be a uuid, and the row is
        // copied as received, to be checked with the whole part.
        _output ??= new ArrayBufferWriter<byte>(256 * 1024);
        if (!ReferenceEquals(_partTable, table))
        {
            Write(_partTable is null ? "{\""u8 : "},\""u8);
            Write(Encoding.UTF8.GetBytes(table.Name));
            Write("\":{\""u8);
            _partTable = table;
        }
        else
        {
            Write(",\""u8);
        }

        Write(uuid);
        Write("\":"u8);
        foreach (var segment in row)
        {
            Write(segment.Span);
        }

        if (++_partRows >= RowsPerPart)
        {
            Flush();
        }
    }

    /// <summary>Checks and hands on the rows gathered so far, if any.</summary>
    /// <exception cref="OvsdbProtocolException">A row is not notation.</exception>
    public void Flush()
    {
        if (_output is null)
        {
            return;
        }

        Write("}}"u8);
        var part = new TableUpdatesData(_request, _output.WrittenMemory, _version1).Check();
        Rows.Add(part.Rows!);
        _output = null;
        _partTable = null;
        _partRows = 0;
        _publish(part);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output!.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }
}
