using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace HsePayord.Modules.Operations.Authentication;

/// <summary>
/// Tells OpenAPI readers (Scalar, Postman imports) that the operations routes take HTTP Basic credentials. The
/// security requirements themselves come from the routes' authorization metadata (<see cref="SecurityTransformer"/>).
/// </summary>
internal static class OperationsOpenApi
{
    public static IServiceCollection AddOperationsOpenApi(this IServiceCollection services) =>
        services.AddSingleton(new OpenApiAuthenticationScheme(
            OperatorBasicAuthenticationHandler.SchemeName,
            new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "An operator configured for the deployment (Operations:Users). Role 'viewer' reads, 'operator' also acts.",
            }));
}
