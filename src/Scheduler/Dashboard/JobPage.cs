using System.Globalization;
using static Fleet.Scheduler.Dashboard.DashboardHtml;

namespace Fleet.Scheduler.Dashboard;

/// <summary>
/// /dashboard/jobs/{id}: one job, rendered on the server, then kept live by its event stream: state and progress,
/// generated tokens as they arrive, and for training jobs the mean return per step as an SVG line.
/// </summary>
public static class JobPage
{
    internal static async Task<IResult> RenderAsync(Guid id, DashboardQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.JobAsync(id, cancellationToken) is not { } job)
        {
            return Page("Not found", $"<h1>No job {id}</h1>", statusCode: StatusCodes.Status404NotFound);
        }
        var percent = (job.ProgressPercent ?? 0).ToString("0.#", CultureInfo.InvariantCulture);
        var error = job.ErrorCode is null ? "" : $"{job.ErrorCode}: {job.ErrorMessage}";
        return Page($"Job {job.Id}", $$"""
            <h1>{{Encode(job.Type)}} job <code>{{job.Id}}</code></h1>
            <table>
              <tr><th>state</th><td id="job-state" class="state-{{job.State}}">{{job.State}}</td></tr>
              <tr><th>progress</th><td><div class="bar"><div id="job-bar" style="width:{{percent}}%"></div></div>
                  <span id="job-progress">{{percent}}%</span> <span id="job-progress-message">{{Encode(job.ProgressMessage)}}</span></td></tr>
              <tr><th>attempts</th><td id="job-attempts">{{job.Attempts}}</td></tr>
              <tr><th>tenant</th><td>{{Encode(job.TenantId)}}</td></tr>
              <tr><th>worker</th><td>{{Encode(job.WorkerId)}}</td></tr>
              <tr><th>created</th><td>{{job.CreatedAt:u}}</td></tr>
              <tr><th>error</th><td id="job-error" class="error">{{Encode(error)}}</td></tr>
            </table>
            <h2>Input</h2><pre>{{Encode(DashboardJob.Pretty(job.Input))}}</pre>
            <h2>Result</h2><pre id="job-result">{{Encode(DashboardJob.Pretty(job.Result))}}</pre>
            <section id="tokens-section" hidden><h2>Token stream</h2><pre id="tokens"></pre></section>
            <section id="chart-section" hidden><h2>Mean return per step</h2>
              <svg id="chart" width="640" height="240" viewBox="0 0 640 240" style="background:#fff;border:1px solid #dde1e7">
                <polyline id="chart-line" fill="none" stroke="#0b57d0" stroke-width="2" points=""></polyline>
                <text id="chart-max" x="4" y="14" font-size="11"></text><text id="chart-min" x="4" y="234" font-size="11"></text>
                <text id="chart-steps" x="636" y="234" font-size="11" text-anchor="end"></text>
              </svg></section>
            <p class="muted">Live: <span id="stream-status">connecting</span></p>
            <script>{{Script(job.Id)}}</script>
            """);
    }

    private static string Script(Guid id) => $$"""
        const $ = id => document.getElementById(id);
        const points = [];
        function draw() {
          const xs = points.map(p => p.step), ys = points.map(p => p.meanReturn);
          const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
          const sx = x => 20 + 610 * (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)), sy = y => 225 - 205 * (y1 === y0 ? 0.5 : (y - y0) / (y1 - y0));
          $('chart-line').setAttribute('points', points.map(p => sx(p.step).toFixed(1) + ',' + sy(p.meanReturn).toFixed(1)).join(' '));
          $('chart-max').textContent = y1.toFixed(1); $('chart-min').textContent = y0.toFixed(1); $('chart-steps').textContent = 'step ' + x1;
        }
        function setState(state) { const cell = $('job-state'); cell.textContent = state; cell.className = 'state-' + state; }
        const source = new EventSource('/dashboard/jobs/{{id}}/events');
        source.onopen = () => $('stream-status').textContent = 'connected';
        source.addEventListener('state', e => { const d = JSON.parse(e.data); setState(d.state); if (d.attempts !== undefined) $('job-attempts').textContent = d.attempts; });
        source.addEventListener('progress', e => {
          const d = JSON.parse(e.data), pct = Math.round((d.percent ?? 0) * 10) / 10;
          $('job-bar').style.width = pct + '%'; $('job-progress').textContent = pct + '%'; $('job-progress-message').textContent = d.message ?? '';
        });
        source.addEventListener('token', e => {
          const d = JSON.parse(e.data); $('tokens-section').hidden = false;
          $('tokens').textContent += d.text ?? d.token ?? JSON.stringify(d);
        });
        source.addEventListener('metric', e => {
          const d = JSON.parse(e.data);
          if (typeof d.step === 'number' && typeof d.meanReturn === 'number') { points.push(d); $('chart-section').hidden = false; draw(); }
        });
        source.addEventListener('end', e => {
          const d = JSON.parse(e.data); if (d.state) setState(d.state);
          if (d.result !== undefined && d.result !== null) $('job-result').textContent = JSON.stringify(d.result, null, 2);
          if (d.error) $('job-error').textContent = (d.error.code ?? '') + ': ' + (d.error.message ?? '');
          $('stream-status').textContent = 'finished'; source.close();
        });
        source.onerror = () => { if ($('stream-status').textContent !== 'finished') $('stream-status').textContent = 'reconnecting'; };
        """;
}
