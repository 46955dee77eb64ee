using Fleet.Api.Composition;
using Fleet.Api.Jobs;
using Fleet.Api.Search;
using Fleet.Security;
using Fleet.Security.Keys;
using Fleet.ServiceDefaults;
using Fleet.ServiceDefaults.Health;
using Fleet.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // PostgreSQL data source + migrations
builder.AddJobStore();          // job rows + transactional outbox and its relay
builder.AddFleetBus();          // MassTransit on RabbitMQ
builder.AddBrokerMonitoring(gateReadinessOnWorkers: true);  // queue_size; ready only with a worker per job type
builder.AddFleetSecurity();     // API keys or JWT, scopes, tenants
builder.AddApiErrors();         // problem+json, 503 for an unavailable database, 500 with a correlation id
builder.AddApiRateLimits();     // a token bucket per API key or token
builder.AddApiDocs();           // OpenAPI + Scalar
builder.AddSearch();            // POST /v1/search: MiniLM + the vector store

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapDefaultEndpoints(busGatesReadiness: false);
app.MapApiDocs();
app.MapJobs();
app.MapApiKeys();
app.MapSearch();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
