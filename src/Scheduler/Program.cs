using Fleet.Scheduler.Composition;
using Fleet.ServiceDefaults;
using Fleet.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();       // logs, metrics, health
builder.AddFleetDatabase();         // PostgreSQL data source + migrations
builder.AddBackups();               // backup.run: pg_dump, verified restore, retention
builder.AddControlPlane();          // job state machine + durable message scheduler, backup.run's queue, on the bus
builder.AddSchedules();             // Hangfire: recurring schedules that submit fleet jobs
builder.AddOperatorDashboard();     // admin-only /dashboard and /hangfire, browser login

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOperatorDashboard();
app.Run();
