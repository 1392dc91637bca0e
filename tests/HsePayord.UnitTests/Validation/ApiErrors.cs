using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using HsePayord.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.UnitTests.Validation;

/// <summary>
/// The field names a client finds in the <c>errors</c> of a 400 problem. Failures go through the exception handler
/// the hosts register (<see cref="ServiceDefaults.AddServiceDefaults"/>), so these are the names the API shows, not
/// FluentValidation's member names.
/// </summary>
internal static class ApiErrors
{
    private static readonly Lazy<IServiceProvider> HostServices = new(() =>
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddServiceDefaults(apiTitle: "test");
        return builder.Services.BuildServiceProvider();
    });

    public static async Task<IReadOnlyList<string>> FieldsAsync(ValidationResult result)
    {
        if (result.IsValid)
        {
            return [];
        }

        var services = HostServices.Value;
        var httpContext = new DefaultHttpContext { RequestServices = services };
        httpContext.Response.Body = new MemoryStream();
        var exception = new ValidationException(result.Errors);
        foreach (var handler in services.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(httpContext, exception, CancellationToken.None))
            {
                break;
            }
        }

        Assert.Equal(StatusCodes.Status400BadRequest, httpContext.Response.StatusCode);
        httpContext.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(httpContext.Response.Body);
        return [.. problem.RootElement.GetProperty("errors").EnumerateObject().Select(field => field.Name)];
    }
}
