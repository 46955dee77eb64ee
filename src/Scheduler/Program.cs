using Fleet.Scheduler.Composition;
using Fleet.ServiceDefaults;
using Fleet.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // PostgreSQL data source + migrations
builder.AddControlPlane();      // job state machine + durable message scheduler on the bus

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
