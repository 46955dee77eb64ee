using System.Globalization;
using System.Text;
using Fleet.Contracts.Jobs;
using Fleet.Security;
using static Fleet.Scheduler.Dashboard.DashboardHtml;

namespace Fleet.Scheduler.Dashboard;

/// <summary>The Fleet pages beside Hangfire's: jobs by state and type, recent jobs, queue depths, workers seen; one job live.</summary>
public static class DashboardEndpoints
{
    private static readonly string[] States =
        [JobStates.Scheduled, JobStates.Queued, JobStates.Running, JobStates.Succeeded, JobStates.Failed, JobStates.Cancelled];

    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/dashboard").RequireAuthorization(Scopes.Admin).ExcludeFromDescription();
        dashboard.MapGet("/", OverviewAsync);
        dashboard.MapGet("/jobs/{id:guid}", JobPage.RenderAsync);
        dashboard.MapGet("/jobs/{id:guid}/events", JobEventStream.StreamAsync);
        return dashboard;
    }

    private static async Task<IResult> OverviewAsync(DashboardQueries queries, RabbitMqQueues rabbit, string? state, string? type, CancellationToken cancellationToken)
    {
        state = States.Contains(state) ? state : null;
        type = JobTypes.All.Contains(type) ? type : null;
        var counts = await queries.CountsAsync(cancellationToken);
        var jobs = await queries.RecentJobsAsync(state, type, 50, cancellationToken);
        var workers = await queries.WorkersAsync(cancellationToken);
        var (queues, queuesUnavailable) = await rabbit.ReadAsync(cancellationToken);

        var html = new StringBuilder("<h1>Jobs</h1><h2>By state and type</h2><table id=\"counts\"><tr><th>type</th>");
        foreach (var s in States)
        {
            html.Append($"<th>{s}</th>");
        }
        html.Append("</tr>");
        foreach (var t in counts.Select(c => c.Type).Distinct())
        {
            html.Append($"<tr><td><a href=\"/dashboard?type={Uri.EscapeDataString(t)}\">{Encode(t)}</a></td>");
            foreach (var s in States)
            {
                var n = counts.FirstOrDefault(c => c.Type == t && c.State == s).Count;
                html.Append($"<td><a href=\"/dashboard?type={Uri.EscapeDataString(t)}&amp;state={s}\">{n}</a></td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");

        html.Append($"<h2>Latest jobs{(state ?? type) switch { null => "", _ => $" ({Encode(string.Join(", ", new[] { type, state }.Where(x => x is not null)))})" }}</h2>")
            .Append("<table id=\"jobs\"><tr><th>job</th><th>type</th><th>state</th><th>progress</th><th>attempts</th><th>tenant</th><th>worker</th><th>created</th></tr>");
        foreach (var job in jobs)
        {
            html.Append($"<tr><td><a class=\"job-link\" href=\"/dashboard/jobs/{job.Id}\">{job.Id}</a></td><td>{Encode(job.Type)}</td>")
                .Append($"<td class=\"state-{job.State}\">{job.State}</td><td>{job.ProgressPercent?.ToString("0", CultureInfo.InvariantCulture) ?? "–"}%</td>")
                .Append($"<td>{job.Attempts}</td><td>{Encode(job.TenantId)}</td><td>{Encode(job.WorkerId)}</td><td>{job.CreatedAt:u}</td></tr>");
        }
        html.Append("</table>");

        html.Append("<h2>Queues</h2>");
        if (queuesUnavailable is not null)
        {
            html.Append($"<p class=\"muted\" id=\"queues-unavailable\">{Encode(queuesUnavailable)}</p>");
        }
        else
        {
            html.Append("<table id=\"queues\"><tr><th>queue</th><th>ready</th><th>unacked</th><th>consumers</th></tr>");
            foreach (var q in queues)
            {
                html.Append($"<tr><td>{Encode(q.Name)}</td><td>{q.Ready}</td><td>{q.Unacknowledged}</td><td>{q.Consumers}</td></tr>");
            }
            html.Append("</table>");
        }

        html.Append("<h2>Workers seen (last hour)</h2><table id=\"workers\"><tr><th>worker</th><th>last seen</th><th>running now</th><th>jobs</th></tr>");
        foreach (var w in workers)
        {
            html.Append($"<tr><td>{Encode(w.WorkerId)}</td><td>{w.LastSeen:u}</td><td>{w.Running}</td><td>{w.Jobs}</td></tr>");
        }
        html.Append("</table><p class=\"muted\">Refreshes every 5 s.</p><script>setTimeout(() => location.reload(), 5000)</script>");
        return Page("Jobs", html.ToString());
    }
}
