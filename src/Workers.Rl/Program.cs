using Fleet.ServiceDefaults;
using Fleet.Storage;
using Fleet.Workers;
using Fleet.Workers.Rl.Composition;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // job rows (the start gate) and checkpoints
builder.AddTraining();          // rl.train: PPO, checkpoints in PostgreSQL, TensorBoard files
builder.AddJobWorker();         // noop and every handler registered above

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
