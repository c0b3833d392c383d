namespace DialStatus.Functions.Options;

public enum DialMode
{
    /// <summary>Every target rings at once; the first to answer wins.</summary>
    Simultaneous,

    /// <summary>One target at a time, in configured order, until one answers.</summary>
    Sequential,
}
