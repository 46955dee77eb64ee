using System.Text.Json;

namespace Fleet.Api.Jobs;

/// <summary>Reads a bounded JSON request body, turning malformed or oversized input into a field error.</summary>
public static class RequestJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static async Task<JsonElement?> ReadAsync(HttpRequest request, int maxBytes, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            errors.Add("body", $"The request body is larger than {maxBytes} bytes.");
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                errors.Add("body", $"The request body is larger than {maxBytes} bytes.");
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        // The parser accepts invalid UTF-8 inside strings and fails only when one is read (an InvalidOperationException,
        // which was a 500): refuse such a body here, as the client's mistake it is.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            errors.Add("body", "The request body is not valid UTF-8.");
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), DocumentOptions);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            // The parser's message names the line and byte position, and never echoes the input.
            errors.Add("body", $"The request body is not valid JSON: {ex.Message}");
            return null;
        }
    }
}
