using System.Net;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using DeskMirror.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// The certificate shape Chromium accepts: a server certificate from DeskMirror's local authority, served by a tiny
/// Kestrel HTTPS endpoint, opened by headless Chromium whose NSS database (under a temporary $HOME) trusts the authority.
/// </summary>
public sealed class TlsBrowserTests : IAsyncLifetime
{
    private const string Host = "studio.local";
    private readonly string _root = Directory.CreateTempSubdirectory("deskmirror-tls-browser-").FullName;
    private MirrorCertificates _certificates = default!;
    private WebApplication _endpoint = default!;
    private IPlaywright _playwright = default!;
    private int _port;

    public async Task InitializeAsync()
    {
        var setup = MirrorCertificates.Create(
            new TlsOptions { DataDirectory = Path.Combine(_root, "data"), Identity = () => ServerIdentity.From("studio", [IPAddress.Parse("192.0.2.10")]) },
            NullLogger.Instance);
        _certificates = setup.Certificates ?? throw new InvalidOperationException(setup.Error);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => _certificates.Certificate)));
        _endpoint = builder.Build();
        _endpoint.MapGet("/", () => Results.Text("<!DOCTYPE html><title>DeskMirror TLS</title><p>hello</p>", "text/html"));
        await _endpoint.StartAsync().DefaultTimeout("the HTTPS endpoint to start");
        _port = new Uri(_endpoint.Urls.First()).Port;
        _playwright = await Playwright.CreateAsync();
    }

    [Fact]
    public async Task Chromium_TrustingTheAuthority_OpensTheEndpointAsASecureContext()
    {
        var home = Directory.CreateDirectory(Path.Combine(_root, "trusting")).FullName;
        await NssTrust.CreateDatabaseAsync(home, Path.Combine(_root, "data", "tls", "ca.crt"));

        await using var browser = await NssTrust.LaunchAsync(_playwright, home, Host);
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync($"https://{Host}:{_port}/");

        Assert.Equal(200, response!.Status);
        Assert.True(await page.EvaluateAsync<bool>("window.isSecureContext"));
        Assert.Equal("hello", await page.TextContentAsync("p"));
    }

    [Fact]
    public async Task Chromium_WithoutTheAuthority_RefusesTheCertificate()
    {
        var home = Directory.CreateDirectory(Path.Combine(_root, "untrusting")).FullName;
        await NssTrust.CreateDatabaseAsync(home, authorityFile: null);

        await using var browser = await NssTrust.LaunchAsync(_playwright, home, Host);
        var page = await browser.NewPageAsync();
        var error = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync($"https://{Host}:{_port}/"));

        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _playwright?.Dispose();
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }

        _certificates?.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
