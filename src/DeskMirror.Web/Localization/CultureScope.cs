using System.Globalization;

namespace DeskMirror.Web.Localization;

/// <summary>
/// Sets the current culture and UI culture for a block of code and puts the previous ones back at the end.
/// Both are async-local, so work started inside the block (awaits, queued renders) keeps the culture too.
/// </summary>
internal readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo? _culture;
    private readonly CultureInfo? _uiCulture;

    private CultureScope(CultureInfo culture, CultureInfo uiCulture)
    {
        _culture = culture;
        _uiCulture = uiCulture;
    }

    /// <summary>Enters <paramref name="culture"/>; with null nothing changes.</summary>
    public static CultureScope Enter(CultureInfo? culture)
    {
        if (culture is null)
        {
            return default;
        }

        var scope = new CultureScope(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        Apply(culture);
        return scope;
    }

    /// <summary>Makes <paramref name="culture"/> current for the rest of this flow.</summary>
    public static void Apply(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        if (!Equals(CultureInfo.CurrentCulture, culture))
        {
            CultureInfo.CurrentCulture = culture;
        }

        if (!Equals(CultureInfo.CurrentUICulture, culture))
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    public void Dispose()
    {
        if (_culture is not null && _uiCulture is not null)
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
