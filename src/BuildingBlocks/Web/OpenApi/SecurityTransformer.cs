using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace HsePayord.BuildingBlocks.Web.OpenApi;

/// <summary>
/// Describes a registered ASP.NET Core authentication scheme in the OpenAPI documents, e.g.
/// <c>services.AddSingleton(new OpenApiAuthenticationScheme("Operator", new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer" }))</c>.
/// Schemes without one are described from their handler (JWT bearer, basic) or as an <c>Authorization</c> header.
/// </summary>
public sealed record OpenApiAuthenticationScheme(string Name, OpenApiSecurityScheme Scheme);

/// <summary>
/// Any endpoint that requires authorization gets the security requirement of the authentication scheme(s) that
/// apply to it (its policy's, else the default, else every registered one), a 401 and 403 problem if it does not
/// document them itself, and the document gets those schemes in <c>components.securitySchemes</c>. Every other
/// operation states that it needs no authentication (<c>security: []</c>).
/// </summary>
internal sealed class SecurityTransformer(IServiceProvider services) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var policies = metadata.OfType<AuthorizationPolicy>().ToList();
        if ((authorize.Count == 0 && policies.Count == 0) || metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return;
        }

        var schemeNames = await SchemesOfAsync(authorize, policies);
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        operation.Security = [];
        foreach (var name in schemeNames)
        {
            document.Components.SecuritySchemes[name] = await DescribeAsync(name);
            // Separate requirements: any one of the schemes authenticates the caller.
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, document)] = [] });
        }

        operation.Responses ??= new OpenApiResponses();
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        AddProblem(operation.Responses, problem, StatusCodes.Status401Unauthorized, "Not authenticated.");
        AddProblem(operation.Responses, problem, StatusCodes.Status403Forbidden, "Authenticated, but not allowed to do this.");
    }

    private async Task<IReadOnlyList<string>> SchemesOfAsync(List<IAuthorizeData> authorize, List<AuthorizationPolicy> policies)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var policyProvider = services.GetService<IAuthorizationPolicyProvider>();
        foreach (var data in authorize)
        {
            foreach (var scheme in (data.AuthenticationSchemes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                names.Add(scheme);
            }

            if (policyProvider is not null)
            {
                var policy = data.Policy is null
                    ? await policyProvider.GetDefaultPolicyAsync()
                    : await policyProvider.GetPolicyAsync(data.Policy);
                names.UnionWith(policy?.AuthenticationSchemes ?? []);
            }
        }

        foreach (var policy in policies)
        {
            names.UnionWith(policy.AuthenticationSchemes);
        }

        if (names.Count > 0)
        {
            return [.. names];
        }

        var schemeProvider = services.GetService<IAuthenticationSchemeProvider>();
        if (schemeProvider is null)
        {
            return [];
        }

        if (await schemeProvider.GetDefaultAuthenticateSchemeAsync() is { } defaultScheme)
        {
            return [defaultScheme.Name];
        }

        return [.. (await schemeProvider.GetAllSchemesAsync()).Select(s => s.Name).Order(StringComparer.Ordinal)];
    }

    private async Task<OpenApiSecurityScheme> DescribeAsync(string name)
    {
        if (services.GetServices<OpenApiAuthenticationScheme>().LastOrDefault(s => s.Name == name) is { } described)
        {
            return described.Scheme;
        }

        var handler = services.GetService<IAuthenticationSchemeProvider>() is { } provider
            ? (await provider.GetSchemeAsync(name))?.HandlerType.Name ?? ""
            : "";
        if (handler.Contains("JwtBearer", StringComparison.Ordinal) || handler.Contains("Bearer", StringComparison.Ordinal))
        {
            return new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = $"Authentication scheme '{name}'." };
        }

        if (handler.Contains("Basic", StringComparison.Ordinal))
        {
            return new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "basic", Description = $"Authentication scheme '{name}'." };
        }

        return new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = $"Authentication scheme '{name}' ({handler}): credentials in the Authorization header.",
        };
    }

    private static void AddProblem(OpenApiResponses responses, OpenApiSchema problem, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (responses.ContainsKey(key))
        {
            return;
        }

        responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = problem },
            },
        };
    }
}
