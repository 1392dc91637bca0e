using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Each host serves exactly the OpenAPI document checked in under docs/openapi/ (which the static checks lint and
/// compare with the Postman collection, and a unit test compares with the validators), and the API accepts every
/// example that document shows. After a deliberate API change, regenerate the files with
/// <c>PAYORD_UPDATE_API_DOCS=1 dotnet test tests/HsePayord.IntegrationTests --filter ApiDescriptionTests</c>: that run
/// rewrites them and fails, so that it is never mistaken for a green one; review the diff and run again without it.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ApiDescriptionTests(SystemFixture system)
{
    /// <summary>The checked-in documents name the hosts' local addresses (scripts/run-local.sh); a served one names where it was fetched from.</summary>
    private static readonly Dictionary<string, string> LocalAddress = new()
    {
        ["orders"] = "http://localhost:5101",
        ["payments"] = "http://localhost:5102",
    };

    [Theory]
    [InlineData("orders")]
    [InlineData("payments")]
    public async Task The_served_openapi_document_is_the_checked_in_one(string host)
    {
        var served = JsonNode.Parse(await Host(host).GetStringAsync("/openapi/v1.json"))!.AsObject();
        Assert.Equal(Host(host).BaseAddress!.ToString().TrimEnd('/'), served["servers"]![0]!["url"]!.GetValue<string>());
        served["servers"] = new JsonArray(new JsonObject { ["url"] = LocalAddress[host] });
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }) + "\n";

        var path = Path.Combine(RepositoryRoot(), "docs", "openapi", $"{host}.v1.json");
        if (Environment.GetEnvironmentVariable("PAYORD_UPDATE_API_DOCS") == "1")
        {
            // A run that rewrites the expected document has checked nothing: it says so by failing.
            var changed = !File.Exists(path) || (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") != text;
            await File.WriteAllTextAsync(path, text);
            Assert.Fail($"{path} rewritten ({(changed ? "it had changed" : "it was already current")}): " +
                "review the diff and run again without PAYORD_UPDATE_API_DOCS");
        }

        Assert.True(File.Exists(path), $"{path} is missing: run with PAYORD_UPDATE_API_DOCS=1");
        Assert.True(
            (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") == text,
            $"{path} differs from the document the host serves: review the change and run with PAYORD_UPDATE_API_DOCS=1");
    }

    [Theory]
    [InlineData("payments")]
    [InlineData("orders")]
    public async Task Every_example_request_of_the_document_is_accepted(string host)
    {
        var document = JsonNode.Parse(await Host(host).GetStringAsync("/openapi/v1.json"))!;
        var tried = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in item!.AsObject())
            {
                var operation = operationNode!.AsObject();
                var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                var url = new StringBuilder(path);
                var query = new List<string>();
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), (Uri?)null);
                foreach (var parameter in parameters)
                {
                    var name = parameter["name"]!.GetValue<string>();
                    // A path parameter without an example (an id the server makes) gets a well-formed value.
                    var value = parameter["example"]?.ToString() ?? Guid.CreateVersion7().ToString();
                    switch (parameter["in"]!.GetValue<string>())
                    {
                        case "path": url.Replace("{" + name + "}", Uri.EscapeDataString(value)); break;
                        case "query": query.Add($"{name}={Uri.EscapeDataString(value)}"); break;
                        case "header": request.Headers.Add(name, Guid.NewGuid().ToString()); break; // a fresh key: a repeat would replay
                    }
                }

                if (operation["requestBody"] is { } body)
                {
                    var example = body["content"]!["application/json"]!["example"];
                    Assert.True(example is not null, $"{method} {path} has no request example");
                    request.Content = JsonContent.Create(example);
                }

                request.RequestUri = new Uri(url + (query.Count > 0 ? "?" + string.Join('&', query) : ""), UriKind.Relative);
                using var response = await Host(host).SendAsync(request);
                var documented = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(response.StatusCode != HttpStatusCode.BadRequest, $"{method} {path}: the example got a 400: {await response.Content.ReadAsStringAsync()}");
                Assert.Contains(status, documented);
                tried++;
            }
        }

        Assert.True(tried >= 3, $"only {tried} operations tried");
    }

    private HttpClient Host(string name) => name == "orders" ? system.Orders : system.Payments;

    private static string RepositoryRoot()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "HsePayord.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Repository root not found");
        }

        return repository.FullName;
    }
}
