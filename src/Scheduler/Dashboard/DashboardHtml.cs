using System.Net;
using System.Text;

namespace Fleet.Scheduler.Dashboard;

/// <summary>The frame of every dashboard page: server-rendered HTML, one inline stylesheet, no build step.</summary>
public static class DashboardHtml
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#1d2430;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
        header a{color:#cfe3ff;text-decoration:none} header form{margin-left:auto}
        main{padding:1rem 1.2rem;max-width:1200px} h1{font-size:1.3rem} h2{font-size:1.05rem;margin-top:1.6rem}
        table{border-collapse:collapse;background:#fff;font-size:.9rem} td,th{border:1px solid #dde1e7;padding:.3rem .6rem;text-align:left}
        .state-succeeded{color:#137333}.state-failed{color:#b3261e}.state-running{color:#0b57d0}.state-cancelled{color:#777}
        .bar{background:#dde1e7;width:20rem;height:.8rem}.bar>div{background:#0b57d0;height:100%}
        pre{background:#fff;border:1px solid #dde1e7;padding:.6rem;white-space:pre-wrap;max-height:24rem;overflow:auto}
        .error{color:#b3261e} .muted{color:#777}
        """;

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A page with the navigation bar (and a logout button when <paramref name="signedIn"/>).</summary>
    public static IResult Page(string title, string body, bool signedIn = true, int statusCode = StatusCodes.Status200OK)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title)).Append(" · Fleet</title><style>").Append(Style).Append("</style></head><body><header><strong>Fleet</strong>");
        if (signedIn)
        {
            html.Append("<a href=\"/dashboard\">Jobs</a><a href=\"/hangfire\">Hangfire</a>")
                .Append("<form method=\"post\" action=\"/logout\"><button type=\"submit\">Log out</button></form>");
        }
        html.Append("</header><main>").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }
}
