using System.Globalization;
using DeskMirror.Server.Desktop;
using DeskMirror.Web.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeskMirror.Web.Tests;

/// <summary>The language of a request: the settings' language first, else the browser's Accept-Language, else English.</summary>
public sealed class RequestCultureTests
{
    private static async Task<string> CultureOfAsync(string? acceptLanguage, string? settingsLanguage)
    {
        var services = new ServiceCollection();
        if (settingsLanguage is not null)
        {
            // The real IDesktopControl is the desktop core's (in the executable); this stands in for its settings only.
            services.AddSingleton<IDesktopControl>(new SettingsOnlyDesktop(settingsLanguage));
        }

        await using var provider = services.BuildServiceProvider();
        string? seen = null;
        var middleware = new RequestLocalizationMiddleware(
            _ =>
            {
                seen = CultureInfo.CurrentUICulture.Name;
                return Task.CompletedTask;
            },
            Options.Create(UiCultures.CreateLocalizationOptions(provider)),
            NullLoggerFactory.Instance);
        var context = new DefaultHttpContext();
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        await middleware.Invoke(context);
        return seen ?? throw new InvalidOperationException("the pipeline did not run");
    }

    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de")]
    [InlineData("zh-TW,zh;q=0.9", "zh-Hant")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("ar-EG", "ar")]
    [InlineData("xx-YY", "en")]
    [InlineData(null, "en")]
    public async Task AcceptLanguage_WithoutASetting_PicksTheBrowsersLanguage(string? header, string expected)
        => Assert.Equal(expected, await CultureOfAsync(header, settingsLanguage: null));

    [Fact]
    public async Task SettingsLanguage_WinsOverTheBrowser()
        => Assert.Equal("ja", await CultureOfAsync("de-DE", "ja"));

    [Fact]
    public async Task SettingsLanguage_Automatic_FallsBackToTheBrowser()
        => Assert.Equal("fr", await CultureOfAsync("fr-FR", ""));

    private sealed class SettingsOnlyDesktop(string language) : IDesktopControl
    {
        public DesktopSettingsView GetSettings() => new(true, 4096, "0.0.0.0", "u", "p", language);

        public MirrorStatus GetMirrorStatus() => throw new NotSupportedException();

        public Task SetMirrorEnabledAsync(bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task SetMirrorPortAsync(int port, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task UpdateSettingsAsync(DesktopSettingsView settings, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public string CreatePairingUrl() => throw new NotSupportedException();

        public void RequestQuit() => throw new NotSupportedException();
    }
}
