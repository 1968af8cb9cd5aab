namespace ExaHealth.Ovsdb;

/// <summary>One column of a row update; <see cref="Column"/> is the name the monitor asked for.</summary>
internal readonly record struct ColumnValue(string Column, OvsdbValue Value);
