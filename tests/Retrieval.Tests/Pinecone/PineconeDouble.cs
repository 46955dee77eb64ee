using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Fleet.Retrieval.Tests.Pinecone;

/// <summary>
/// A local stand-in for a Pinecone index's data plane (docs.pinecone.io, API 2025-01): the same paths, request and
/// response shapes, the <c>Api-Key</c> check (401 otherwise), and the documented upsert limits, which it enforces
/// with Pinecone's 400 answer: at most 1,000 records and 2 MB per request. It holds vectors per namespace and
/// answers queries by cosine similarity, so round trips through it mean something.
/// </summary>
public sealed class PineconeDouble : IDisposable
{
    public const string ApiKey = "pcsk_test_key";
    public const int MaxRecords = 1000;
    public const int MaxBytes = 2 * 1024 * 1024;

    private readonly Dictionary<string, Dictionary<string, JsonObject>> namespaces = [];
    private readonly Lock gate = new();

    public PineconeDouble()
    {
        Server = WireMockServer.Start();
        Map("/vectors/upsert", Upsert);
        Map("/query", Query);
        Map("/vectors/delete", Delete);
        Map("/describe_index_stats", _ => Json(200, Stats()));
        Server.Given(Request.Create().WithPath("/vectors/fetch").UsingGet().WithHeader("Api-Key", ApiKey)).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(Fetch));
        Server.Given(Request.Create().UsingAnyMethod()).AtPriority(100)
            .RespondWith(Response.Create().WithCallback(_ => Json(401, new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = "UNAUTHENTICATED", ["message"] = "Invalid API Key" },
                ["status"] = 401,
            })));
    }

    public WireMockServer Server { get; }

    public Uri Url => new(Server.Url! + "/");

    /// <summary>Sizes of the upsert requests received, in order: (records, bytes).</summary>
    public List<(int Records, int Bytes)> Upserts { get; } = [];

    public List<int> DeleteRequestSizes { get; } = [];

    public void Dispose() => Server.Dispose();

    private void Map(string path, Func<IRequestMessage, ResponseMessage> handle) =>
        Server.Given(Request.Create().WithPath(path).UsingPost().WithHeader("Api-Key", ApiKey)).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(request =>
            {
                lock (gate)
                {
                    return handle(request);
                }
            }));

    private ResponseMessage Upsert(IRequestMessage request)
    {
        var bytes = request.BodyAsBytes ?? [];
        if (bytes.Length > MaxBytes)
        {
            return Error(400, $"Request size {bytes.Length / 1024.0 / 1024.0:0.00}MB exceeds the maximum supported size of 2MB");
        }
        var body = JsonNode.Parse(bytes)!.AsObject();
        var vectors = body["vectors"]!.AsArray();
        if (vectors.Count > MaxRecords)
        {
            return Error(400, $"Batch size exceeds the maximum of {MaxRecords} vectors per upsert");
        }
        Upserts.Add((vectors.Count, bytes.Length));
        var space = Namespace(body);
        foreach (var vector in vectors.Select(v => v!.AsObject()))
        {
            space[vector["id"]!.GetValue<string>()] = (JsonObject)vector.DeepClone();
        }
        return Json(200, new JsonObject { ["upsertedCount"] = vectors.Count });
    }

    private ResponseMessage Query(IRequestMessage request)
    {
        var body = JsonNode.Parse(request.Body!)!.AsObject();
        var query = body["vector"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        var topK = body["topK"]!.GetValue<int>();
        var includeMetadata = body["includeMetadata"]?.GetValue<bool>() ?? false;
        var matches = Namespace(body).Values
            .Select(v => (Vector: v, Score: Cosine(query, v["values"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray())))
            .OrderByDescending(m => m.Score)
            .Take(topK)
            .Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Vector["id"]!.GetValue<string>(),
                ["score"] = m.Score,
                ["values"] = new JsonArray(),
                ["metadata"] = includeMetadata ? m.Vector["metadata"]?.DeepClone() : null,
            });
        return Json(200, new JsonObject
        {
            ["results"] = new JsonArray(),
            ["matches"] = new JsonArray(matches.ToArray()),
            ["namespace"] = body["namespace"]?.GetValue<string>() ?? "",
            ["usage"] = new JsonObject { ["readUnits"] = 5 },
        });
    }

    private ResponseMessage Delete(IRequestMessage request)
    {
        var body = JsonNode.Parse(request.Body!)!.AsObject();
        var space = Namespace(body);
        if (body["deleteAll"]?.GetValue<bool>() == true)
        {
            space.Clear();
            return Json(200, new JsonObject());
        }
        var ids = body["ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        if (ids.Count > 1000)
        {
            return Error(400, "Number of ids exceeds the maximum of 1000 per delete");
        }
        DeleteRequestSizes.Add(ids.Count);
        ids.ForEach(id => space.Remove(id));
        return Json(200, new JsonObject());
    }

    private ResponseMessage Fetch(IRequestMessage request)
    {
        lock (gate)
        {
            var name = request.Query?.TryGetValue("namespace", out var ns) == true ? ns.FirstOrDefault() ?? "" : "";
            var space = namespaces.GetValueOrDefault(name) ?? [];
            var ids = request.Query?.TryGetValue("ids", out var values) == true ? values.ToList() : [];
            var found = new JsonObject();
            foreach (var id in ids.Where(space.ContainsKey))
            {
                found[id] = space[id].DeepClone();
            }
            return Json(200, new JsonObject { ["vectors"] = found, ["namespace"] = name, ["usage"] = new JsonObject { ["readUnits"] = 1 } });
        }
    }

    private JsonObject Stats()
    {
        var perNamespace = new JsonObject();
        foreach (var (name, space) in namespaces.Where(n => n.Value.Count > 0))
        {
            perNamespace[name] = new JsonObject { ["vectorCount"] = space.Count };
        }
        return new JsonObject
        {
            ["namespaces"] = perNamespace,
            ["dimension"] = 384,
            ["indexFullness"] = 0.0,
            ["totalVectorCount"] = namespaces.Values.Sum(n => n.Count),
        };
    }

    private Dictionary<string, JsonObject> Namespace(JsonObject body)
    {
        var name = body["namespace"]?.GetValue<string>() ?? "";
        if (!namespaces.TryGetValue(name, out var space))
        {
            namespaces[name] = space = [];
        }
        return space;
    }

    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return (float)(dot / Math.Sqrt(na) / Math.Sqrt(nb));
    }

    private static ResponseMessage Error(int status, string message) =>
        Json(status, new JsonObject { ["code"] = 3, ["message"] = message, ["details"] = new JsonArray() });

    private static ResponseMessage Json(int status, JsonNode body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = body.ToJsonString(), DetectedBodyType = BodyType.String },
    };
}
