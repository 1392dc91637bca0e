using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using HsePayord.BuildingBlocks.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace HsePayord.BuildingBlocks.Web.OpenApi;

/// <summary>
/// Makes each host's OpenAPI document state what the API enforces: the contract rules of the fields and parameters
/// marked <see cref="FollowsAttribute"/> (from the constants the validators use), an example for every request body
/// and parameter, and the security of endpoints that require authorization (<see cref="SecurityTransformer"/>).
/// </summary>
public static class ContractOpenApi
{
    public const string UserIdExample = "alice";
    public const string IdempotencyKeyExample = "0b7a4f5e-3c1d-4e2a-9f60-8d2c5b1e7a93";
    public const string IdExample = "019ad8f2-6c1e-7a3b-9d40-5e2f8c7b1a64";

    public static IServiceCollection AddContractOpenApi(this IServiceCollection services, string title)
    {
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, context, _) =>
            {
                document.Info.Title = title;
                document.Info.Version = "v1";
                document.Info.Description =
                    "Part of hse-payord (see its README and CONTRACT.md). Every error is application/problem+json; "
                    + "validation errors (400) carry `errors` per field.";
                document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
                // The server is where the document was fetched from; a trailing slash would double the paths' one.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }

                DescribeTags(document, context);
                foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
                {
                    StateEnumType(schema);
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo is { } property && RuleOf(property) is { } rule)
                {
                    Describe(schema, rule);
                }

                StateProblemFields(schema, context.JsonTypeInfo.Type);

                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                DescribeParameters(operation, context.Description.ParameterDescriptions);
                AddRequestExample(operation, context);
                AddLocationHeaders(operation, context);
                return AddServiceUnavailableAsync(operation, context);
            });
            options.AddOperationTransformer<SecurityTransformer>();
        });
        return services;
    }

    /// <summary>The request body that the document shows as the example, serialized as the API reads it.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, object example) =>
        builder.WithMetadata(new RequestExample(example));

    /// <summary>The response with this status carries a <c>Location</c> header: the address of what was created or accepted.</summary>
    public static RouteHandlerBuilder WithLocationHeader(this RouteHandlerBuilder builder, int status, string description) =>
        builder.WithMetadata(new LocationHeader(status, description));

    /// <summary>The description of the OpenAPI tag that the endpoints of this group carry.</summary>
    public static TBuilder WithTagDescription<TBuilder>(this TBuilder builder, string tag, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(tag).WithMetadata(new TagDescription(tag, description));

    /// <summary>What <see cref="Describe(OpenApiSchema, ContractRule)"/> states, as a schema of its own.</summary>
    private static OpenApiSchema SchemaOf(ContractRule rule)
    {
        var schema = new OpenApiSchema
        {
            Type = rule == ContractRule.Money ? JsonSchemaType.Number : JsonSchemaType.String,
        };
        Describe(schema, rule);
        return schema;
    }

    private static JsonValue ExampleOf(ContractRule rule) => rule switch
    {
        ContractRule.UserId => JsonValue.Create(UserIdExample),
        ContractRule.Money => JsonValue.Create(25m),
        ContractRule.IdempotencyKey => JsonValue.Create(IdempotencyKeyExample),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    private static void Describe(OpenApiSchema schema, ContractRule rule)
    {
        switch (rule)
        {
            case ContractRule.UserId:
                schema.MinLength = ContractRules.UserIdMinLength;
                schema.MaxLength = ContractRules.UserIdMaxLength;
                schema.Pattern = ContractRules.UserIdPattern;
                schema.Description = $"The user: {ContractRules.UserIdDescription}.";
                break;
            case ContractRule.Money:
                schema.ExclusiveMinimum = ContractRules.MinAmountExclusive.ToString(CultureInfo.InvariantCulture);
                schema.Maximum = ContractRules.MaxAmount.ToString(CultureInfo.InvariantCulture);
                schema.MultipleOf = ContractRules.AmountStep;
                schema.Description =
                    $"Money: greater than {ContractRules.MinAmountExclusive}, at most {ContractRules.MaxAmount.ToString(CultureInfo.InvariantCulture)}, "
                    + $"at most {ContractRules.AmountDecimals} decimal places.";
                break;
            case ContractRule.IdempotencyKey:
                schema.MinLength = ContractRules.IdempotencyKeyMinLength;
                schema.MaxLength = ContractRules.IdempotencyKeyMaxLength;
                schema.Pattern = ContractRules.IdempotencyKeyPattern;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }

    private static ContractRule? RuleOf(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property) =>
        (property.AttributeProvider?.GetCustomAttributes(typeof(FollowsAttribute), inherit: true).FirstOrDefault()
            ?? property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(typeof(FollowsAttribute), inherit: true).FirstOrDefault())
        is FollowsAttribute follows
            ? follows.Rule
            : null;

    private static void DescribeParameters(OpenApiOperation operation, IList<Microsoft.AspNetCore.Mvc.ApiExplorer.ApiParameterDescription> descriptions)
    {
        foreach (var description in descriptions)
        {
            var info = (description.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo;
            if (info?.ParameterType == typeof(Guid)
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name) is { Example: null } id)
            {
                // An id the server assigned: the example is well formed, so the request reaches the endpoint (a 404 for it
                // is documented); use the id from the response that created the resource.
                id.Example = JsonValue.Create(IdExample);
                id.Description ??= "The id the server assigned, as returned when it was created (also in its Location).";
            }

            if (info?.GetCustomAttribute<FollowsAttribute>() is not { } follows)
            {
                continue;
            }

            var parameter = operation.Parameters?.OfType<OpenApiParameter>()
                .SingleOrDefault(p => string.Equals(p.Name, description.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null)
            {
                continue;
            }

            var schema = SchemaOf(follows.Rule);
            schema.Description = null;
            parameter.Schema = schema;
            parameter.Example = ExampleOf(follows.Rule);
            switch (follows.Rule)
            {
                case ContractRule.UserId:
                    // The validator refuses a missing userId, wherever it comes from.
                    parameter.Required = true;
                    parameter.Description = $"The user: {ContractRules.UserIdDescription}.";
                    break;
                case ContractRule.IdempotencyKey:
                    parameter.Required = false;
                    parameter.Description =
                        $"Optional, {ContractRules.IdempotencyKeyMinLength}–{ContractRules.IdempotencyKeyMaxLength} printable ASCII characters "
                        + "(a UUID is a good choice). A repeat with the same key and body returns the first response and changes nothing; "
                        + "the same key with a different body is a 422; a repeat while the first is still being processed may get a 409 "
                        + "(retry later). Keys are kept per operation and do not expire.";
                    break;
            }
        }
    }

    private static void AddRequestExample(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().LastOrDefault();
        if (example is null || operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        foreach (var mediaType in content.Values.OfType<OpenApiMediaType>())
        {
            mediaType.Example = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json);
        }
    }

    private static void DescribeTags(OpenApiDocument document, OpenApiDocumentTransformerContext context)
    {
        var descriptions = context.DescriptionGroups.SelectMany(group => group.Items)
            .SelectMany(item => item.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .DistinctBy(tag => tag.Name)
            .ToDictionary(tag => tag.Name, tag => tag.Description);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is not null && descriptions.TryGetValue(tag.Name, out var description))
            {
                tag.Description = description;
            }
        }
    }

    /// <summary>Every problem the API sends has <c>status</c>, <c>title</c> and <c>detail</c>; a validation problem also <c>errors</c>.</summary>
    private static void StateProblemFields(OpenApiSchema schema, Type type)
    {
        if (type == typeof(HttpValidationProblemDetails))
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "status", "title", "detail", "errors" };
        }
        else if (type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "status", "title", "detail" };
        }
    }

    /// <summary>
    /// An enum is a set of strings. Its schema is shared, so <c>null</c> does not belong in it: a property that may be
    /// null says so itself (<c>oneOf: [null, enum]</c>, which a null in the enum would make match twice).
    /// </summary>
    private static void StateEnumType(OpenApiSchema schema)
    {
        if (schema.Enum is not { Count: > 0 } values)
        {
            return;
        }

        var strings = values.Where(value => value is JsonValue json && json.GetValueKind() == JsonValueKind.String).ToList();
        if (strings.Count == 0)
        {
            return;
        }

        schema.Enum = strings;
        schema.Type = JsonSchemaType.String;
    }

    private static void AddLocationHeaders(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        foreach (var location in context.Description.ActionDescriptor.EndpointMetadata.OfType<LocationHeader>())
        {
            if (operation.Responses?.TryGetValue(location.Status.ToString(CultureInfo.InvariantCulture), out var found) == true
                && found is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["Location"] = new OpenApiHeader
                {
                    Description = location.Description,
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
        }
    }

    /// <summary>
    /// Any request may meet an unreachable database: the host retries for a few seconds inside the request, then
    /// answers 503 (ProblemExceptionHandler), whatever the endpoint.
    /// </summary>
    private static async Task AddServiceUnavailableAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.ContainsKey("503"))
        {
            return;
        }

        var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails));
        operation.Responses["503"] = new OpenApiResponse
        {
            Description = "The database could not be reached for a few seconds: retry shortly (with the same Idempotency-Key, a retry cannot apply twice).",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
        };
    }

    private sealed record LocationHeader(int Status, string Description);

    private sealed record RequestExample(object Value);

    private sealed record TagDescription(string Name, string Description);
}
