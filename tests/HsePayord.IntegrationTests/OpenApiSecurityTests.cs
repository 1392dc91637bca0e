using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using HsePayord.BuildingBlocks.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Any endpoint with authorization metadata gets, in the OpenAPI document, the security requirement of the
/// authentication scheme(s) that protect it, its 401 and 403 problems, and the scheme in components; every other
/// operation says it needs none. Checked on a bare host with the service defaults, so it holds for whatever
/// operator routes and scheme a module adds.
/// </summary>
public sealed class OpenApiSecurityTests
{
    [Fact]
    public async Task An_endpoint_requiring_a_policy_documents_the_policy_scheme_and_its_401_and_403()
    {
        var document = await DocumentAsync(services =>
            {
                services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, RefusingHandler>("Operator", _ => { });
                services.AddAuthorizationBuilder().AddPolicy("operators", policy =>
                    policy.AddAuthenticationSchemes("Operator").RequireRole("operator"));
            },
            app =>
            {
                app.MapGet("/api/things/ops/stuck", () => "x").WithName("Stuck").RequireAuthorization("operators");
                app.MapGet("/api/things", () => "x").WithName("Public");
            });

        var stuck = document["paths"]!["/api/things/ops/stuck"]!["get"]!;
        Assert.Equal("""[{"Operator":[]}]""", stuck["security"]!.ToJsonString());
        Assert.NotNull(stuck["responses"]!["401"]!["content"]!["application/problem+json"]);
        Assert.NotNull(stuck["responses"]!["403"]);
        Assert.Equal("""[]""", document["paths"]!["/api/things"]!["get"]!["security"]!.ToJsonString());
        var scheme = document["components"]!["securitySchemes"]!["Operator"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_any_protected_endpoint_the_document_has_no_security_schemes()
    {
        var document = await DocumentAsync(_ => { }, app => app.MapGet("/api/things", () => "x").WithName("Public"));

        Assert.Null(document["components"]?["securitySchemes"]);
        Assert.Equal("[]", document["paths"]!["/api/things"]!["get"]!["security"]!.ToJsonString());
    }

    private static async Task<JsonNode> DocumentAsync(Action<IServiceCollection> services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults(apiTitle: "test");
        services(builder.Services);
        await using var app = builder.Build();
        app.MapServiceDefaults();
        map(app);
        await app.StartAsync();
        using var client = app.GetTestClient();
        return JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
    }

    private sealed class RefusingHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
