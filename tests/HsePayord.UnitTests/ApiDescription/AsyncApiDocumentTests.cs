namespace HsePayord.UnitTests.ApiDescription;

/// <summary>
/// docs/asyncapi.json is what the code puts on the wire (<see cref="AsyncApiDocument"/>): a change to a Contracts type,
/// a queue name or the hub fails here until the document is regenerated with
/// <c>PAYORD_UPDATE_API_DOCS=1 dotnet test tests/HsePayord.UnitTests --filter AsyncApiDocumentTests</c>, a run that
/// rewrites the file and fails, so that it is never mistaken for a green one; review the diff and run again without it.
/// (tests/contract validates it with the AsyncAPI parser.)
/// </summary>
public sealed class AsyncApiDocumentTests
{
    [Fact]
    public void The_checked_in_AsyncAPI_document_describes_what_the_code_sends()
    {
        var path = Path.Combine(OpenApiDocuments.RepositoryRoot, "docs", "asyncapi.json");
        var text = AsyncApiDocument.ToText(AsyncApiDocument.Build());
        if (Environment.GetEnvironmentVariable("PAYORD_UPDATE_API_DOCS") == "1")
        {
            // A run that rewrites the expected document has checked nothing: it says so by failing.
            var changed = !File.Exists(path) || File.ReadAllText(path).ReplaceLineEndings("\n") != text;
            File.WriteAllText(path, text);
            Assert.Fail($"{path} rewritten ({(changed ? "it had changed" : "it was already current")}): " +
                "review the diff and run again without PAYORD_UPDATE_API_DOCS");
        }

        Assert.True(File.Exists(path), $"{path} is missing: run with PAYORD_UPDATE_API_DOCS=1");
        Assert.True(File.ReadAllText(path).ReplaceLineEndings("\n") == text,
            $"{path} is stale: review the change and run with PAYORD_UPDATE_API_DOCS=1");
    }
}
