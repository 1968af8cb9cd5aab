namespace ExaHealth.Southbound;

/// <summary>
/// How many vips entries of one VIP address list a backend, by whether OVN health-checks the
/// entry: checked, not checked (OVN forwards to it whatever its status), or unknown (no Northbound).
/// </summary>
internal readonly record struct BackendRefs(int Checked, int Unchecked, int Unknown)
{
    public int Total => Checked + Unchecked + Unknown;

    public BackendRefs With(bool? healthChecked, int delta) => healthChecked switch
    {
        true => this with { Checked = Checked + delta },
        false => this with { Unchecked = Unchecked + delta },
        null => this with { Unknown = Unknown + delta },
    };
}
