using Fleet.ServiceDefaults;
using Fleet.Storage;
using Fleet.Workers;
using Fleet.Workers.Llm.Composition;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();   // logs, metrics, health
builder.AddFleetDatabase();     // job rows (the start gate)
builder.AddRetrieval();         // llm.embed, ingest.run, rag.answer
builder.AddJobWorker();         // noop; llm.generate, llm.embed and rag.answer handlers join here

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
