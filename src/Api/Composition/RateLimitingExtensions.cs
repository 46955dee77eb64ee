using System.Globalization;
using System.Threading.RateLimiting;
using Fleet.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Composition;

public static class RateLimitingExtensions
{
    private const string ProblemType = "https://fleet.dev/problems/rate-limited";

    /// <summary>ASP.NET Core's rate limiter with one token bucket per credential (see <see cref="RateLimitOptions"/>); 429 problem+json with Retry-After.</summary>
    public static IHostApplicationBuilder AddApiRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ReplenishmentPeriod >= TimeSpan.FromMilliseconds(10) && o.ReplenishmentPeriod <= TimeSpan.FromHours(1),
                "RateLimits:ReplenishmentPeriod must be between 00:00:00.010 and 01:00:00.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            limiter.OnRejected = WriteRejectionAsync;
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var path = context.Request.Path;
        if (!limits.Enabled || path.StartsWithSegments("/health/live") || path.StartsWithSegments("/health/ready"))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }
        var credential = context.User.FindFirst(Scopes.CredentialClaim)?.Value;
        var key = credential ?? "anonymous:" + context.Connection.RemoteIpAddress;
        var burst = credential is null ? limits.AnonymousBurst : limits.Burst;
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = (int)Math.Clamp(limits.PermitsPerSecond * limits.ReplenishmentPeriod.TotalSeconds, 1, int.MaxValue),
            ReplenishmentPeriod = limits.ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This credential's request rate is over its limit; retry after {retryAfter} s.",
                Type = ProblemType,
            },
        });
    }
}
