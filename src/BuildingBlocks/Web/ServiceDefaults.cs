using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace HsePayord.BuildingBlocks.Web;

/// <summary>What every host of this system does the same way: JSON rules, problem details, health, OpenAPI.</summary>
public static class ServiceDefaults
{
    /// <summary>The contract's JSON rules, shared by minimal APIs and SignalR.</summary>
    public static void ApplyContractJsonRules(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    }

    /// <param name="apiTitle">The title of the host's OpenAPI document.</param>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string apiTitle)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<HostExit>();
        services.ConfigureHttpJsonOptions(options => ApplyContractJsonRules(options.SerializerOptions));

        // Binding failures (malformed JSON, wrong types) surface as exceptions so the exception handler can
        // answer them with the same problem+json as every other error.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= context.ProblemDetails.Title;
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddContractOpenApi(apiTitle);
        services.AddHealthChecks();
        // Modules add their own policies (Orders: admission of new orders); without one, nothing is limited.
        services.AddRateLimiter(_ => { });
        services.AddStartupWarmUp();
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        app.MapOpenApi();
        app.MapScalarApiReference();
        return app;
    }
}
