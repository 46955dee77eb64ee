using Fleet.ServiceDefaults;
using Fleet.Storage;
using Fleet.Workers;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // job rows (the start gate)
builder.AddJobWorker();         // noop; llm.generate, llm.embed and rag.answer handlers join here

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
