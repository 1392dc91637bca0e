using System.Text.Json.Nodes;

namespace HsePayord.UnitTests.ApiDescription;

/// <summary>The OpenAPI documents checked in under docs/openapi/ (an integration test proves the hosts serve exactly these).</summary>
internal static class OpenApiDocuments
{
    public static readonly string[] Hosts = ["orders", "payments"];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static JsonObject Load(string host) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "openapi", $"{host}.v1.json")))!.AsObject();

    /// <summary>Every operation of both documents: (operationId, method, path, operation).</summary>
    public static IEnumerable<(string OperationId, string Method, string Path, JsonObject Operation, JsonObject Document)> Operations() =>
        from host in Hosts
        let document = Load(host)
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        select (method.Value!["operationId"]!.GetValue<string>(), method.Key, path.Key, method.Value!.AsObject(), document);

    /// <summary>Follows a local <c>$ref</c>.</summary>
    public static JsonObject Resolve(JsonObject document, JsonObject schema)
    {
        while (schema["$ref"] is { } reference)
        {
            var node = (JsonNode)document;
            foreach (var part in reference.GetValue<string>().TrimStart('#', '/').Split('/'))
            {
                node = node[part]!;
            }

            schema = node.AsObject();
        }

        return schema;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "HsePayord.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("Repository root not found");
        }

        return directory.FullName;
    }
}
