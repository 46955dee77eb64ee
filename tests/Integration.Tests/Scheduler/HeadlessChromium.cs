using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Fleet.Integration.Tests.Scheduler;

/// <summary>
/// Debian's chromium, headless, driven by its own chromedriver: nothing is downloaded. A fresh profile per browser, so
/// no cookie or cache outlives the test.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private readonly string profile = Path.Combine(Path.GetTempPath(), "fleet-chromium-" + Guid.NewGuid().ToString("N"));

    public HeadlessChromium()
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile);
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    public string Text(string id) => Driver.FindElement(By.Id(id)).Text;

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        if (Directory.Exists(profile))
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
