namespace DeskMirror.Discovery;

/// <summary>A running advertiser, or why the mirror is not advertised.</summary>
internal sealed record MdnsStartResult(MdnsAdvertiser? Advertiser, string? WhyNot)
{
    public static MdnsStartResult NotAdvertised(string why) => new(null, why);
}
