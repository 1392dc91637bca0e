using System.Globalization;
using System.Text.Json.Nodes;
using FluentValidation.Results;
using HsePayord.Modules.Orders.Features.CreateOrder;
using HsePayord.Modules.Orders.Features.ListOrders;
using HsePayord.Modules.Payments.Features.CreateAccount;
using HsePayord.Modules.Payments.Features.Deposit;
using HsePayord.Modules.Payments.Features.GetAccount;

namespace HsePayord.UnitTests.ApiDescription;

/// <summary>
/// The OpenAPI documents tell the truth about the validators: for every constrained request field and parameter,
/// values at and beyond each stated bound (and ones that break the stated pattern) are accepted by the schema exactly
/// when the operation's validator accepts them, and every example the document shows is valid. A rule changed on one
/// side only fails here.
/// </summary>
public sealed class OpenApiAgreesWithValidatorsTests
{
    /// <summary>Validates an operation's request, built from its body and parameters as the endpoint builds its command.</summary>
    private static readonly Dictionary<string, Func<Request, ValidationResult>> Validators = new()
    {
        ["CreateOrder"] = r => new CreateOrderValidator().Validate(
            new CreateOrder(r.Body("userId")!, r.Amount("amount"), r.Body("description"), r.Parameter("Idempotency-Key"))),
        ["ListOrders"] = r => new ListOrdersValidator().Validate(new ListOrders(r.Parameter("userId"))),
        ["CreateAccount"] = r => new CreateAccountValidator().Validate(new CreateAccount(r.Body("userId")!)),
        ["GetAccount"] = r => new GetAccountValidator().Validate(new GetAccount(r.Parameter("userId")!)),
        ["Deposit"] = r => new DepositValidator().Validate(
            new Deposit(r.Parameter("userId")!, r.Amount("amount"), r.Parameter("Idempotency-Key"))),
    };

    /// <summary>Operations whose input no validator checks, and why.</summary>
    private const string OperationsApiChecksItsOwnInput =
        "the operations API (src/Modules/Operations) checks its selections, paging and bodies itself, as problem+json 400s; OperationsTests cover them";

    private static readonly Dictionary<string, string> WithoutValidator = new()
    {
        ["GetOrder"] = "orderId is a route constraint ({orderId:guid}): anything else matches no route and is a 404",
        ["GetOrderJourney"] = "its only input is the order id, which the endpoint parses itself (a non-UUID is a 400 problem); JourneyTests cover it",
        ["GetPaymentJourney"] = "its only input is the order id, which the endpoint parses itself (a non-UUID is a 400 problem); JourneyTests cover it",
        ["GetMonitoring"] = "it takes no input",
        ["OpsMe"] = OperationsApiChecksItsOwnInput,
        ["OpsOverview"] = OperationsApiChecksItsOwnInput,
        ["OpsListDeadLetters"] = OperationsApiChecksItsOwnInput,
        ["OpsListDeadLetterGroups"] = OperationsApiChecksItsOwnInput,
        ["OpsGetDeadLetter"] = OperationsApiChecksItsOwnInput,
        ["OpsEditAndRetry"] = OperationsApiChecksItsOwnInput,
        ["OpsArchive"] = OperationsApiChecksItsOwnInput,
        ["OpsRestore"] = OperationsApiChecksItsOwnInput,
        ["OpsStartRetry"] = OperationsApiChecksItsOwnInput,
        ["OpsListRetries"] = OperationsApiChecksItsOwnInput,
        ["OpsGetRetry"] = OperationsApiChecksItsOwnInput,
        ["OpsCancelRetry"] = OperationsApiChecksItsOwnInput,
        ["OpsListPendingRetries"] = OperationsApiChecksItsOwnInput,
        ["OpsListAudit"] = OperationsApiChecksItsOwnInput,
        ["OpsGetFaults"] = OperationsApiChecksItsOwnInput,
        ["OpsArmFault"] = OperationsApiChecksItsOwnInput,
        ["OpsClearFaults"] = OperationsApiChecksItsOwnInput,
        ["OpsPauseListener"] = OperationsApiChecksItsOwnInput,
        ["OpsResumeListener"] = OperationsApiChecksItsOwnInput,
    };

    public static TheoryData<string, string> Fields
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (operationId, _, _, operation, document) in OpenApiDocuments.Operations().Where(o => Validators.ContainsKey(o.OperationId)))
            {
                foreach (var input in FieldsOf(operation, document))
                {
                    data.Add(operationId, input.Name);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Every_operation_is_checked_here_or_says_why_not()
    {
        var operations = OpenApiDocuments.Operations().Select(o => o.OperationId).ToHashSet();
        Assert.Equal(operations.Order(), Validators.Keys.Concat(WithoutValidator.Keys).Order());
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void The_documented_example_request_is_valid(string operationId)
    {
        var (operation, document) = Find(operationId);
        var result = Validators[operationId](Request.Example(FieldsOf(operation, document)));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void The_schema_of_a_field_accepts_exactly_what_the_validator_accepts(string operationId, string fieldName)
    {
        var (operation, document) = Find(operationId);
        var fields = FieldsOf(operation, document);
        var field = fields.Single(f => f.Name == fieldName);
        var disagreements = new List<string>();
        var probes = SchemaRules.Probes(field.Schema).Select(p => (Value: p, Present: true)).Append((Value: null, Present: false));
        foreach (var (value, present) in probes)
        {
            var documented = present ? SchemaRules.Accepts(field.Schema, value) : !field.Required;
            var validated = IsValid(operationId, Request.Example(fields).With(field, value));
            if (documented != validated)
            {
                var shown = present ? value?.ToJsonString() ?? "null" : "(missing)";
                disagreements.Add($"{shown}: the document says {(documented ? "valid" : "invalid")}, the validator {(validated ? "accepts" : "rejects")} it");
            }
        }

        Assert.True(disagreements.Count == 0, $"{operationId}.{fieldName}:\n" + string.Join("\n", disagreements));
    }

    public static TheoryData<string> OperationIds => Theories.Of(Validators.Keys);

    private static bool IsValid(string operationId, Request request)
    {
        try
        {
            return Validators[operationId](request).IsValid;
        }
        catch (RefusedByBindingException)
        {
            return false;
        }
    }

    /// <summary>
    /// A missing value that the endpoint's request record requires never reaches the validator: the JSON binder
    /// refuses it (RespectRequiredConstructorParameters in ServiceDefaults), which is also a 400.
    /// </summary>
    private sealed class RefusedByBindingException : Exception;

    private static (JsonObject Operation, JsonObject Document) Find(string operationId)
    {
        var found = OpenApiDocuments.Operations().Single(o => o.OperationId == operationId);
        return (found.Operation, found.Document);
    }

    /// <summary>The operation's parameters and the properties of its JSON body, each with its schema and example.</summary>
    private static List<Field> FieldsOf(JsonObject operation, JsonObject document)
    {
        var fields = new List<Field>();
        foreach (var parameter in operation["parameters"]?.AsArray().Select(p => p!.AsObject()) ?? [])
        {
            fields.Add(new Field(
                parameter["name"]!.GetValue<string>(), InBody: false, parameter["required"]?.GetValue<bool>() ?? false,
                OpenApiDocuments.Resolve(document, parameter["schema"]!.AsObject()), parameter["example"]?.DeepClone()));
        }

        if (operation["requestBody"]?["content"]?["application/json"] is { } body)
        {
            var schema = OpenApiDocuments.Resolve(document, body["schema"]!.AsObject());
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (name, property) in schema["properties"]!.AsObject())
            {
                fields.Add(new Field(name, InBody: true, required.Contains(name),
                    OpenApiDocuments.Resolve(document, property!.AsObject()), body["example"]?[name]?.DeepClone()));
            }
        }

        return fields;
    }

    private sealed record Field(string Name, bool InBody, bool Required, JsonObject Schema, JsonNode? Example);

    private sealed record Request(Dictionary<string, JsonNode?> BodyFields, Dictionary<string, JsonNode?> Parameters)
    {
        public static Request Example(List<Field> fields) => new(
            fields.Where(f => f.InBody && f.Example is not null).ToDictionary(f => f.Name, f => f.Example?.DeepClone()),
            fields.Where(f => !f.InBody && f.Example is not null).ToDictionary(f => f.Name, f => f.Example?.DeepClone()));

        public Request With(Field field, JsonNode? value)
        {
            var body = new Dictionary<string, JsonNode?>(BodyFields);
            var parameters = new Dictionary<string, JsonNode?>(Parameters);
            var target = field.InBody ? body : parameters;
            target.Remove(field.Name);
            if (value is not null || field.InBody)
            {
                target[field.Name] = value?.DeepClone();
            }

            return new Request(body, parameters);
        }

        public string? Body(string name) => BodyFields.GetValueOrDefault(name)?.GetValue<string>();

        public decimal Amount(string name) => BodyFields.GetValueOrDefault(name) is { } amount
            ? decimal.Parse(amount.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw new RefusedByBindingException();

        /// <summary>Parameters arrive as text: a query, path or header value.</summary>
        public string? Parameter(string name) => Parameters.GetValueOrDefault(name)?.GetValue<string>();
    }
}
