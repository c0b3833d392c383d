using Microsoft.Playwright;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// A locally installed Chromium driven by Playwright, which downloads no browser of its own: Debian's
/// <c>chromium</c> package, or any Chromium or Chrome named by <see cref="Variable"/>. One headless browser per
/// test class, launched by the first test that asks for it (so a missing Chromium fails that test, saying how
/// to get one); Playwright starts it with a fresh temporary user-data folder and deletes it afterwards.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Variable = "DIALSTATUS_CHROMIUM";
    public const string DebianPath = "/usr/bin/chromium";

    /// <summary>
    /// Offline and quiet: no GPU, no QUIC, no first-run, update, sync or background requests. No sandbox, since
    /// CI runs as root, where Chromium refuses its sandbox.
    /// </summary>
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _launching = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The executable; without one the test fails with one line saying how to get one.</summary>
    public static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : DebianPath;
        if (!File.Exists(path))
        {
            Assert.Fail($"No Chromium at {path}: install Debian's chromium package (apt-get install chromium), or set {Variable} to a Chromium or Chrome executable.");
        }
        return path;
    }

    /// <summary>A new browser context (its own cookies, cache and settings) of the class's browser.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScriptEnabled, int width, int height)
    {
        var context = await (await BrowserAsync()).NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    private async Task<IBrowser> BrowserAsync()
    {
        var executable = ExecutablePath();
        await _launching.WaitAsync();
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            return _browser ??= await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
                Timeout = 30_000,
            });
        }
        finally
        {
            _launching.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        _launching.Dispose();
    }
}
