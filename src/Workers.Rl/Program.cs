using Fleet.ServiceDefaults;
using Fleet.Storage;
using Fleet.Workers;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // job rows (the start gate), later checkpoints
builder.AddJobWorker();         // noop; the rl.train handler joins here

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
