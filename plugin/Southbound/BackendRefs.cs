namespace ExaHealth.Southbound;

/// <summary>
/// How many vips entries of one VIP address list a backend, by <see cref="BackendCheck"/>: the
/// health of a backend depends on how the entries that list it are checked.
/// </summary>
internal readonly record struct BackendRefs(int Checked, int CheckedUnmapped, int Unchecked, int UncheckedMapped, int Unknown)
{
    public int Total => Checked + CheckedUnmapped + Unchecked + UncheckedMapped + Unknown;

    public BackendRefs With(BackendCheck check, int delta) => check switch
    {
        BackendCheck.Checked => this with { Checked = Checked + delta },
        BackendCheck.CheckedUnmapped => this with { CheckedUnmapped = CheckedUnmapped + delta },
        BackendCheck.Unchecked => this with { Unchecked = Unchecked + delta },
        BackendCheck.UncheckedMapped => this with { UncheckedMapped = UncheckedMapped + delta },
        _ => this with { Unknown = Unknown + delta },
    };
}
