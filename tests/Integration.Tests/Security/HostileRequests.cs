using System.Text;

namespace Fleet.Integration.Tests.Security;

/// <summary>
/// Malformed and hostile requests, generated: broken and deeply nested JSON, wrong types, huge strings and bodies,
/// unknown job types, invalid UTF-8, path traversal and injection strings, header abuse, wrong methods, unknown routes.
/// </summary>
public static class HostileRequests
{
    public sealed record Hostile(string Name, Func<HttpRequestMessage> Create);

    private const string Valid = """{"type":"noop","input":{"sleepMs":0},"priority":1,"timeoutSeconds":60,"maxAttempts":2}""";

    private static readonly string[] Injections =
    [
        "' OR '1'='1", "'; DROP TABLE jobs;--", "\" OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}",
        "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%00", "\u0000", "\r\nX-Injected: 1", "$(reboot)", "`id`",
        "||ping -c 1 x||", "\u202e", "😀😀😀", "\uFEFF", "%s%s%s%n", "-1", "1e309", "NaN", "null", "[]", "{}",
    ];

    private static readonly string[] BadValues =
    [
        "null", "true", "-1", "0", "1.5", "1e400", "9223372036854775808", "-9223372036854775809", "\"\"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":1}",
        "\"2026-13-45T99:99:99Z\"", "\"" + new string('a', 10_000) + "\"",
    ];

    private static readonly (string Type, string Field)[] CostlyInputs =
    [
        ("llm.generate", "prompt"), ("llm.generate", "maxTokens"), ("llm.generate", "temperature"), ("llm.generate", "topP"),
        ("llm.generate", "seed"), ("llm.generate", "stop"), ("llm.embed", "texts"), ("rag.answer", "question"), ("rag.answer", "topK"),
        ("rl.train", "env"), ("rl.train", "algorithm"), ("rl.train", "totalSteps"), ("rl.train", "hyperparameters"),
    ];

    private static readonly string[] Fields = ["type", "input", "priority", "runAt", "timeoutSeconds", "maxAttempts"];

    public static IEnumerable<Hostile> All()
    {
        // Broken JSON: every prefix of a valid body, then characters spliced in.
        for (var i = 0; i < Valid.Length - 1; i++)
        {
            yield return Post($"prefix {i}", Valid[..i]);
        }
        foreach (var junk in new[] { ",", "}", "]", "\"", ":", "\\", "//c", "/*", "\u0000", "'" })
        {
            for (var i = 1; i < Valid.Length; i += 4)
            {
                yield return Post($"splice {junk} at {i}", Valid[..i] + junk + Valid[i..]);
            }
        }
        foreach (var depth in new[] { 31, 33, 64, 500, 5_000, 50_000 })
        {
            yield return Post($"nested arrays {depth}", "{\"type\":\"noop\",\"input\":{\"a\":" + (new string('[', depth)) + (new string(']', depth)) + "}}");
            yield return Post($"nested objects {depth}", "{\"type\":\"noop\",\"input\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}");
        }
        // Wrong types in every field, and in the noop input.
        foreach (var field in Fields)
        {
            foreach (var value in BadValues)
            {
                yield return Post($"{field}={value[..Math.Min(value.Length, 20)]}", With(field, value));
            }
        }
        foreach (var inputField in new[] { "sleepMs", "failTimes", "progressSteps", "unknownField" })
        {
            foreach (var value in BadValues)
            {
                yield return Post($"input.{inputField} bad", "{\"type\":\"noop\",\"input\":{\"" + (inputField) + "\":" + (value) + "}}");
            }
        }
        foreach (var (type, inputField) in CostlyInputs)
        {
            foreach (var value in BadValues)
            {
                yield return Post($"{type} input.{inputField} bad", "{\"type\":\"" + type + "\",\"input\":{\"" + inputField + "\":" + value + "}}");
            }
        }
        foreach (var injection in Injections)
        {
            yield return Post("type injection", "{\"type\":" + (Json(injection)) + ",\"input\":{}}");
            yield return Post("llm prompt injection", "{\"type\":\"llm.generate\",\"input\":{\"prompt\":" + (Json(injection)) + ",\"maxTokens\":-5}}");
            yield return Get($"list state injection", $"/v1/jobs?state={Uri.EscapeDataString(injection)}");
            yield return Get($"list type injection", $"/v1/jobs?type={Uri.EscapeDataString(injection)}");
            yield return Get($"list cursor injection", $"/v1/jobs?cursor={Uri.EscapeDataString(injection)}");
            yield return Get($"job id injection", "/v1/jobs/" + Uri.EscapeDataString(injection));
            yield return Get($"events id injection", "/v1/jobs/" + Uri.EscapeDataString(injection) + "/events");
            yield return Raw($"keys injection", HttpMethod.Post, "/v1/keys", "{\"tenant\":" + (Json(injection)) + ",\"scopes\":[" + (Json(injection)) + "]}");
        }
        // Unknown job types.
        foreach (var type in new[] { "", " ", "NOOP", "noop ", "noop.", "llm", "llm.*", "rl.train2", "backup", "ingest.run.x", "a.b.c.d", new string('x', 300), "nöop", "noop\u0000" })
        {
            yield return Post($"unknown type {type.Length}", "{\"type\":" + (Json(type)) + ",\"input\":{}}");
        }
        // Huge strings and bodies.
        yield return Post("1 MiB type", "{\"type\":\"" + (new string('t', 1 << 20)) + "\",\"input\":{}}");
        yield return Post("900 KiB prompt", "{\"type\":\"llm.generate\",\"input\":{\"prompt\":\"" + (new string('p', 900 << 10)) + "\",\"maxTokens\":16}}");
        yield return Post("3 MiB body", "{\"type\":\"noop\",\"input\":{\"pad\":\"" + (new string('x', 3 << 20)) + "\"}}");
        yield return Post("100k keys", "{\"type\":\"noop\",\"input\":{" + string.Join(',', Enumerable.Range(0, 100_000).Select(i => $"\"k{i}\":{i}")) + "}}");
        yield return Post("duplicate keys", """{"type":"noop","type":"llm.generate","input":{},"input":{}}""");
        // Invalid UTF-8.
        foreach (var bytes in new byte[][] { [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82] })
        {
            yield return Bytes("invalid utf-8 in type", [.. "{\"type\":\"noop"u8, .. bytes, .. "\",\"input\":{}}"u8]);
            yield return Bytes("invalid utf-8 in input", [.. "{\"type\":\"noop\",\"input\":{\"sleepMs\":\""u8, .. bytes, .. "\"}}"u8]);
        }
        // Header abuse.
        foreach (var contentType in new[] { "text/plain", "application/xml", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=nonsense", "*/*" })
        {
            yield return new Hostile($"content-type {contentType}", () => new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Valid)) { Headers = { { "Content-Type", contentType } } },
            });
        }
        foreach (var key in new[] { "", new string('k', 201), new string('k', 10_000), "\u00e9\u00e9", "a\tb" })
        {
            yield return new Hostile("idempotency key abuse", () =>
            {
                var request = Post("", Valid).Create();
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                return request;
            });
        }
        foreach (var authorization in new[] { "Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer " + new string('a', 600), "Bearer eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJ4In0.", "Bearer a.b.c", "Bearer eyJ.eyJ.x", "Bearer \u00ff\u00fe", "Negotiate abc", "Bearer fleet_' OR 1=1--" })
        {
            yield return new Hostile("authorization abuse", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/v1/jobs");
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
                return request;
            });
        }
        foreach (var (name, value) in new[] { ("Last-Event-ID", "-1"), ("Last-Event-ID", "99999999999999999999999"), ("Last-Event-ID", "' OR 1=1"), ("Accept", "\u0000"), ("X-Forwarded-For", "1.2.3.4, ' OR 1=1"), ("Range", "bytes=0-99999999999") })
        {
            yield return new Hostile($"header {name}", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/jobs/{Guid.NewGuid()}/events");
                request.Headers.TryAddWithoutValidation(name, value);
                return request;
            });
        }
        // Wrong methods and unknown routes.
        foreach (var method in new[] { "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "CONNECTX" })
        {
            foreach (var path in new[] { "/v1/jobs", $"/v1/jobs/{Guid.NewGuid()}", $"/v1/jobs/{Guid.NewGuid()}/cancel", "/v1/keys", "/health/detailed", "/v1/search" })
            {
                yield return Raw($"{method} {path}", new HttpMethod(method), path, null);
            }
        }
        foreach (var path in new[] { "/", "/v2/jobs", "/v1", "/v1/jobs/", "/v1/jobs//", "/v1/jobs/..", "/v1/jobs/%2e%2e/%2e%2e/etc/passwd", "/v1/jobs/..%5c..%5cwindows", "/.env", "/.git/config", "/admin", "/hangfire", "/v1/jobs/00000000-0000-0000-0000-000000000000/nope", "/v1/jobs/not-a-guid/cancel", "/v1/jobs?limit=-1", "/v1/jobs?limit=99999999999", "/v1/jobs?limit=abc", "/v1/jobs?limit=1&limit=2", "/v1/keys?tenant=%00", "/v1/keys/not-a-guid", "/metrics/../v1/keys", "/" + new string('a', 4000) })
        {
            yield return Get($"route {path[..Math.Min(path.Length, 40)]}", path);
            yield return Raw($"post route {path[..Math.Min(path.Length, 40)]}", HttpMethod.Post, path, Valid);
        }
    }

    private static string With(string field, string value)
    {
        var fields = new Dictionary<string, string>
        {
            ["type"] = "\"noop\"", ["input"] = "{}", ["priority"] = "1", ["runAt"] = "null", ["timeoutSeconds"] = "60", ["maxAttempts"] = "2",
        };
        fields[field] = value;
        return "{" + string.Join(',', fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static Hostile Post(string name, string body) => Raw(name, HttpMethod.Post, "/v1/jobs", body);

    private static Hostile Get(string name, string path) => Raw(name, HttpMethod.Get, path, null);

    private static Hostile Raw(string name, HttpMethod method, string path, string? body) => new(name, () => new HttpRequestMessage(method, path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
    });

    private static Hostile Bytes(string name, byte[] body) => new(name, () => new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
    {
        Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
    });
}
