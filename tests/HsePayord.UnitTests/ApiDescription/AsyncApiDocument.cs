using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using HsePayord.BuildingBlocks.Messaging;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.BuildingBlocks.Web;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Orders.LiveUpdates;
using HsePayord.Modules.Payments.Contracts;
using Wolverine.Runtime.Serialization;
using Wolverine.Util;

namespace HsePayord.UnitTests.ApiDescription;

/// <summary>
/// Builds the AsyncAPI 3.0 document of the system (docs/asyncapi.json) from the code that decides what crosses the
/// wire: queue and exchange names from the Contracts, message names as Wolverine writes them into the AMQP
/// <c>type</c> property, payload schemas exported by System.Text.Json from the Contracts types with the options
/// Wolverine serializes them with, and the hub's event and method from <see cref="OrdersHub"/> and the JSON rules of
/// its protocol. Queue properties (durable, exclusive, auto-delete) are those OrdersMessaging and PaymentsMessaging
/// declare.
/// </summary>
internal static class AsyncApiDocument
{
    private static readonly JsonSerializerOptions WolverineJson = WithTypeInfo(SystemTextJsonSerializer.DefaultOptions());
    private static readonly JsonSerializerOptions HubJson = HubOptions();

    public static JsonObject Build()
    {
        var messages = new JsonObject
        {
            [nameof(PaymentRequested)] = BusMessage<PaymentRequested>("Orders asks Payments to charge an order, exactly once.",
                "Sent by Orders in the transaction that creates the order (transactional outbox)."),
            [nameof(PaymentSucceeded)] = BusMessage<PaymentSucceeded>("The order was charged: the user's balance dropped by `amount`.",
                "Sent by Payments in the transaction that charged the account."),
            [nameof(PaymentFailed)] = BusMessage<PaymentFailed>("Nothing was charged for the order.",
                "Sent by Payments in the transaction that recorded the refusal. `reason` is a number on the wire: "
                + string.Join(", ", Enum.GetValues<PaymentFailureReason>().Select(r => $"{(int)r} = {r}")) + "."),
            [nameof(OrderStatusChanged)] = BusMessage<OrderStatusChanged>("An order was created or its status changed (already committed).",
                "Fanned out to every Orders replica, which pushes it to its SignalR connections of that user as `orderUpdated`. "
                + "Not durable: the order row is the truth and clients re-read it when they reconnect."),
            [nameof(WarmUpPing)] = BusMessage<WarmUpPing>("A host's warm-up ping to itself, before it reports ready.",
                "Sent by each host replica once at start-up to its own warm-up queue, through its durable outbox, and handled by the "
                + "same replica through its durable inbox, so that the first order does not pay for the first use of that path. No business meaning."),
            ["orderUpdated"] = HubMessage(OrdersHub.OrderUpdatedEvent, typeof(Modules.Orders.Features.OrderResponse),
                "One of the user's orders was created or changed status (after the commit).",
                $"Server → client: `{{\"type\":1,\"target\":\"{OrdersHub.OrderUpdatedEvent}\",\"arguments\":[order]}}`, to every connection "
                + "of the user. May arrive twice or out of order: keep the one with the latest `updatedAt`."),
        };

        var operations = new JsonObject();
        var channels = new JsonObject
        {
            ["paymentRequests"] = Queue(PaymentsQueues.PaymentRequests, "Payment requests for Payments to charge (durable queue; Payments' durable inbox).",
                nameof(PaymentRequested)),
            ["paymentResults"] = Queue(OrdersQueues.PaymentResults, "Payment outcomes for Orders to apply (durable queue; Orders' durable inbox).",
                nameof(PaymentSucceeded), nameof(PaymentFailed)),
            ["orderStatus"] = new JsonObject
            {
                ["address"] = OrdersQueues.OrderStatusExchange,
                ["title"] = OrdersQueues.OrderStatusExchange,
                ["description"] = "Fanout exchange: every Orders replica binds its own queue to it, so each hears every change.",
                ["messages"] = MessageRefs(nameof(OrderStatusChanged)),
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["is"] = "routingKey",
                        ["exchange"] = new JsonObject
                        {
                            ["name"] = OrdersQueues.OrderStatusExchange, ["type"] = "fanout", ["durable"] = true, ["autoDelete"] = false,
                            ["vhost"] = "/",
                        },
                        ["bindingVersion"] = "0.3.0",
                    },
                },
            },
            ["orderStatusReplica"] = ReplicaQueue(OrdersQueues.OrderStatusExchange,
                $"One queue per Orders replica, bound to the fanout exchange `{OrdersQueues.OrderStatusExchange}`; "
                    + "it lives as long as the replica (exclusive, auto-delete, not durable).",
                new JsonObject(), durable: false, exclusive: true, nameof(OrderStatusChanged)),
            ["warmUpReplica"] = ReplicaQueue(MessagingDefaults.WarmUpQueuePrefix("{service}"),
                "One queue per host replica, which only that replica sends to and listens on; the broker deletes it "
                    + "when the replica's consumer goes (durable, auto-delete).",
                new JsonObject { ["service"] = new JsonObject { ["enum"] = new JsonArray("orders", "payments"), ["description"] = "The host." } },
                durable: true, exclusive: false, nameof(WarmUpPing)),
            ["ordersHub"] = new JsonObject
            {
                ["address"] = OrdersHub.Path,
                ["title"] = "SignalR hub " + OrdersHub.Path,
                ["description"] = $"Connect with `{OrdersHub.Path}?userId=alice` (SignalR, JSON protocol; WebSockets, else SSE or long polling). "
                    + "A connection without a valid userId is refused at negotiate with a 400 problem. Hub errors are HubExceptions "
                    + "whose message is the problem as JSON, shaped like the REST problem+json: `status`, `title`, `detail`, and for "
                    + "validation problems `errors` keyed by the argument's camelCase field name.",
                ["servers"] = new JsonArray(new JsonObject { ["$ref"] = "#/servers/ordersHost" }),
                ["messages"] = MessageRefs("orderUpdated"),
                ["bindings"] = new JsonObject
                {
                    ["ws"] = new JsonObject
                    {
                        ["query"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["required"] = new JsonArray("userId"),
                            ["properties"] = new JsonObject { ["userId"] = RuleSchema(ContractRule.UserId) },
                        },
                        ["bindingVersion"] = "0.1.0",
                    },
                },
            },
        };

        AddOperation(operations, "ordersSendsPaymentRequested", "send", "paymentRequests", "Orders sends a payment request for each new order.", nameof(PaymentRequested));
        AddOperation(operations, "paymentsReceivesPaymentRequested", "receive", "paymentRequests", "Payments charges each order once (handled in batches).", nameof(PaymentRequested));
        AddOperation(operations, "paymentsSendsPaymentOutcome", "send", "paymentResults", "Payments sends the outcome of each payment request.", nameof(PaymentSucceeded), nameof(PaymentFailed));
        AddOperation(operations, "ordersReceivesPaymentOutcome", "receive", "paymentResults", "Orders marks the order Paid or PaymentFailed (only from PaymentPending).", nameof(PaymentSucceeded), nameof(PaymentFailed));
        AddOperation(operations, "ordersPublishesOrderStatusChanged", "send", "orderStatus", "Orders publishes every committed order change.", nameof(OrderStatusChanged));
        AddOperation(operations, "ordersReplicaReceivesOrderStatusChanged", "receive", "orderStatusReplica", "Each Orders replica pushes the change to its own connections of that user.", nameof(OrderStatusChanged));
        AddOperation(operations, "replicaSendsWarmUpPing", "send", "warmUpReplica", "Each host replica sends one ping to its own warm-up queue before it reports ready.", nameof(WarmUpPing));
        AddOperation(operations, "replicaReceivesWarmUpPing", "receive", "warmUpReplica", "The same replica handles it (in a batch, like every message between the modules) and reports ready.", nameof(WarmUpPing));
        AddOperation(operations, "hubSendsOrderUpdated", "send", "ordersHub", "The hub pushes `orderUpdated` to every connection of the order's user.", "orderUpdated");
        AddHubMethods(operations, channels, messages);

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "hse-payord messages",
                ["version"] = "1.0.0",
                ["description"] = "What crosses RabbitMQ between the Orders and Payments hosts (and each host's warm-up ping to itself), and the Orders host's SignalR hub. "
                    + "Generated from the code (tests/HsePayord.UnitTests/ApiDescription/AsyncApiDocument.cs); a unit test fails when it is stale.",
                ["license"] = new JsonObject { ["name"] = "MIT" },
            },
            ["defaultContentType"] = "application/json",
            ["servers"] = new JsonObject
            {
                ["rabbitmq"] = new JsonObject
                {
                    ["host"] = "localhost:5672",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "0.9.1",
                    ["description"] = "RabbitMQ (vhost `/` under docker compose; the test runs use vhosts of their own). Management UI: http://localhost:15672.",
                },
                ["ordersHost"] = new JsonObject
                {
                    ["host"] = "localhost",
                    ["protocol"] = "ws",
                    ["description"] = "The Orders host's hub: through the gateway at ws://localhost (docker compose), or directly at ws://localhost:5101 (scripts/run-local.sh).",
                },
            },
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages },
        };
    }

    public static string ToText(JsonObject document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    private static JsonObject BusMessage<T>(string summary, string description) => new()
    {
        ["name"] = typeof(T).ToMessageTypeName(),
        ["title"] = typeof(T).Name,
        ["summary"] = summary,
        ["description"] = description + $" On the wire its AMQP `type` property is `{typeof(T).ToMessageTypeName()}` (Wolverine's message type name).",
        ["contentType"] = "application/json",
        ["headers"] = EnvelopeHeaders(typeof(T).ToMessageTypeName()),
        ["correlationId"] = new JsonObject
        {
            ["description"] = "The AMQP `correlation_id` property: the trace that caused the message, carried on to every message it causes.",
            ["location"] = "$message.header#/correlation_id",
        },
        ["payload"] = PayloadSchema(typeof(T), WolverineJson, output: true),
        ["bindings"] = new JsonObject
        {
            ["amqp"] = new JsonObject
            {
                ["contentEncoding"] = "utf-8",
                ["messageType"] = typeof(T).ToMessageTypeName(),
                ["bindingVersion"] = "0.3.0",
            },
        },
    };

    /// <summary>What Wolverine's RabbitMQ envelope mapper writes: AMQP properties, then AMQP headers.</summary>
    private static JsonObject EnvelopeHeaders(string typeName)
    {
        static JsonObject Text(string description, string? format = null)
        {
            var schema = new JsonObject { ["type"] = "string", ["description"] = description };
            if (format is not null)
            {
                schema["format"] = format;
            }

            return schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "`message_id`, `correlation_id`, `type` and `content_type` are AMQP properties; the rest are AMQP headers "
                + "(the RabbitMQ UI shows both under Properties).",
            ["required"] = new JsonArray("message_id", "correlation_id", "type", "content_type", "conversation-id", "source", "sent-at"),
            ["properties"] = new JsonObject
            {
                ["message_id"] = Text("AMQP property: the envelope id (a UUID). Inbox deduplication key: a redelivery with this id is dropped.", "uuid"),
                ["correlation_id"] = Text("AMQP property: correlation id, the same for every message caused by one request."),
                ["type"] = new JsonObject { ["type"] = "string", ["const"] = typeName, ["description"] = "AMQP property: Wolverine's message type name." },
                ["content_type"] = new JsonObject { ["type"] = "string", ["const"] = "application/json", ["description"] = "AMQP property." },
                ["conversation-id"] = Text("AMQP header: the conversation the message belongs to (the id of the message that started it).", "uuid"),
                ["source"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("orders", "payments"), ["description"] = "AMQP header: the service that sent it." },
                ["sent-at"] = Text("AMQP header: when it was sent, e.g. `2026-12-01 04:35:00:706962 Z`."),
                ["parent-id"] = Text("AMQP header, when the sender was tracing: the W3C traceparent of the sending activity."),
                ["accepted-content-types"] = Text("AMQP header: `application/json`."),
                ["reply-uri"] = Text("AMQP header: Wolverine's reply address of the sender (unused here)."),
                ["wolverine-protocol-version"] = Text("AMQP header: `1.0`."),
            },
        };
    }

    private static JsonObject HubMessage(string name, Type argument, string summary, string description, bool output = true) => new()
    {
        ["name"] = name,
        ["title"] = name,
        ["summary"] = summary,
        ["description"] = description,
        ["contentType"] = "application/json",
        ["payload"] = PayloadSchema(argument, HubJson, output),
    };

    /// <summary>Each public method of the hub is a client → server invocation with a reply (its return value).</summary>
    private static void AddHubMethods(JsonObject operations, JsonObject channels, JsonObject messages)
    {
        var hubMessages = channels["ordersHub"]!["messages"]!.AsObject();
        foreach (var method in typeof(OrdersHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                     .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(OrdersHub)))
        {
            var argument = method.GetParameters().Single().ParameterType;
            var result = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : method.ReturnType;
            messages[method.Name] = HubMessage(method.Name, argument,
                $"Client → server: invoke `{method.Name}` for the connection's user.",
                $"`{{\"type\":1,\"invocationId\":\"1\",\"target\":\"{method.Name}\",\"arguments\":[input]}}`. Same rules as POST /api/orders; "
                + "invalid input fails the invocation with a HubException whose message is the problem as JSON, e.g. "
                + "`{\"status\":400,\"title\":\"The request is invalid\",\"detail\":\"amount must be greater than 0\",\"errors\":{\"amount\":[\"amount must be greater than 0\"]}}`.",
                output: false);
            var reply = method.Name + "Result";
            messages[reply] = HubMessage(reply, result,
                $"Server → caller: the result of `{method.Name}`: the order, status PaymentPending.",
                "`{\"type\":3,\"invocationId\":\"1\",\"result\":order}`, or `{\"type\":3,\"invocationId\":\"1\",\"error\":\"…\"}` when it failed.");
            hubMessages[method.Name] = new JsonObject { ["$ref"] = $"#/components/messages/{method.Name}" };
            hubMessages[reply] = new JsonObject { ["$ref"] = $"#/components/messages/{reply}" };
            AddOperation(operations, $"hubReceives{method.Name}", "receive", "ordersHub", $"A client invokes `{method.Name}`.", method.Name);
            operations[$"hubReceives{method.Name}"]!["reply"] = new JsonObject
            {
                ["channel"] = new JsonObject { ["$ref"] = "#/channels/ordersHub" },
                ["messages"] = new JsonArray(new JsonObject { ["$ref"] = $"#/channels/ordersHub/messages/{reply}" }),
            };
        }
    }

    /// <summary>
    /// A queue of one replica's own (MessagingDefaults.ReplicaQueueName): its name is the prefix, a dot and the replica,
    /// and the broker deletes it when the replica goes.
    /// </summary>
    private static JsonObject ReplicaQueue(
        string prefix, string description, JsonObject prefixParameters, bool durable, bool exclusive, string messageName)
    {
        var address = prefix + ".{replica}";
        prefixParameters["replica"] = new JsonObject
        {
            ["description"] = "The replica: its machine name in lower case, a hyphen and 8 random hex digits, e.g. `orders-7f9c-1a2b3c4d`.",
        };
        return new JsonObject
        {
            ["address"] = address,
            ["title"] = address.Replace('{', '<').Replace('}', '>'),
            ["description"] = description,
            ["parameters"] = prefixParameters,
            ["messages"] = MessageRefs(messageName),
            ["bindings"] = QueueBindings(address, durable, exclusive, autoDelete: true),
        };
    }

    private static JsonObject Queue(string name, string description, params string[] messageNames) => new()
    {
        ["address"] = name,
        ["title"] = name,
        ["description"] = description,
        ["messages"] = MessageRefs(messageNames),
        ["bindings"] = QueueBindings(name, durable: true, exclusive: false, autoDelete: false),
    };

    /// <summary>The AMQP binding of a queue as it is declared (the RabbitMQ UI shows the same flags).</summary>
    private static JsonObject QueueBindings(string name, bool durable, bool exclusive, bool autoDelete) => new()
    {
        ["amqp"] = new JsonObject
        {
            ["is"] = "queue",
            ["queue"] = new JsonObject
            {
                ["name"] = name, ["durable"] = durable, ["exclusive"] = exclusive, ["autoDelete"] = autoDelete, ["vhost"] = "/",
            },
            ["bindingVersion"] = "0.3.0",
        },
    };

    private static JsonObject MessageRefs(params string[] names)
    {
        var refs = new JsonObject();
        foreach (var name in names)
        {
            refs[name] = new JsonObject { ["$ref"] = $"#/components/messages/{name}" };
        }

        return refs;
    }

    private static void AddOperation(JsonObject operations, string id, string action, string channel, string summary, params string[] messageNames) =>
        operations[id] = new JsonObject
        {
            ["action"] = action,
            ["channel"] = new JsonObject { ["$ref"] = $"#/channels/{channel}" },
            ["summary"] = summary,
            ["messages"] = new JsonArray([.. messageNames.Select(m => (JsonNode)new JsonObject { ["$ref"] = $"#/channels/{channel}/messages/{m}" })]),
        };

    /// <summary>
    /// System.Text.Json's schema of the type as these options read or write it. In what the system sends every
    /// property is present (nothing is omitted when null), so required. Enums list their values; a property
    /// following a contract rule states it; a string that carries an enum's name lists the names.
    /// </summary>
    private static JsonNode PayloadSchema(Type type, JsonSerializerOptions options, bool output) =>
        options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, schema) =>
            {
                if (schema is not JsonObject node)
                {
                    return schema;
                }

                var nullable = Nullable.GetUnderlyingType(context.TypeInfo.Type);
                var enumType = context.TypeInfo.Type.IsEnum ? context.TypeInfo.Type : nullable is { IsEnum: true } ? nullable : null;
                if (enumType is not null && node["type"] is JsonValue or JsonArray && !node.ContainsKey("enum"))
                {
                    // Without a string converter (Wolverine's options) an enum is its number.
                    var values = new JsonArray([.. Enum.GetValues(enumType).Cast<object>().Select(v => (JsonNode)JsonValue.Create(Convert.ToInt32(v, CultureInfo.InvariantCulture)))]);
                    if (nullable is not null)
                    {
                        values.Add(null);
                    }

                    node["enum"] = values;
                    node["description"] = string.Join(", ", Enum.GetValues(enumType).Cast<object>().Select(v => $"{Convert.ToInt32(v, CultureInfo.InvariantCulture)} = {v}"));
                }

                if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(FollowsAttribute), true).FirstOrDefault() is FollowsAttribute follows
                    || context.PropertyInfo?.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(typeof(FollowsAttribute), true).FirstOrDefault() is FollowsAttribute followsParameter
                    && (follows = followsParameter) is not null)
                {
                    foreach (var (keyword, value) in RuleSchema(follows.Rule))
                    {
                        node[keyword] = value?.DeepClone();
                    }
                }

                var maxLength = (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.MaxLengthAttribute), true) ?? [])
                    .Concat(context.PropertyInfo?.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.MaxLengthAttribute), true) ?? [])
                    .OfType<System.ComponentModel.DataAnnotations.MaxLengthAttribute>().FirstOrDefault();
                if (maxLength is not null)
                {
                    node["maxLength"] = maxLength.Length;
                }

                if (context.PropertyInfo is { } property && property.DeclaringType == typeof(OrderStatusChanged)
                    && NamesCarried.TryGetValue(property.Name, out var carried))
                {
                    var names = new JsonArray([.. Enum.GetNames(carried).Select(n => (JsonNode)JsonValue.Create(n))]);
                    if (property.PropertyType == typeof(string) && node["type"] is JsonArray)
                    {
                        names.Add(null);
                    }

                    node["enum"] = names;
                }

                if (output && context.PropertyInfo is null && node["properties"] is JsonObject properties)
                {
                    node["required"] = new JsonArray([.. properties.Select(p => (JsonNode)JsonValue.Create(p.Key))]);
                }

                return node;
            },
        });

    /// <summary>Contract strings that carry the name of an enum value (OrderStatusChanged's status and reason).</summary>
    private static readonly Dictionary<string, Type> NamesCarried = new()
    {
        ["status"] = typeof(Modules.Orders.Domain.OrderStatus),
        ["failureReason"] = typeof(Modules.Orders.Domain.OrderFailureReason),
    };

    /// <summary>A contract rule as JSON Schema keywords, from the constants the validators use.</summary>
    private static JsonObject RuleSchema(ContractRule rule) => rule switch
    {
        ContractRule.UserId => new JsonObject
        {
            ["type"] = "string", ["minLength"] = ContractRules.UserIdMinLength, ["maxLength"] = ContractRules.UserIdMaxLength,
            ["pattern"] = ContractRules.UserIdPattern,
        },
        ContractRule.Money => new JsonObject
        {
            ["type"] = "number", ["exclusiveMinimum"] = ContractRules.MinAmountExclusive, ["maximum"] = ContractRules.MaxAmount,
            ["multipleOf"] = ContractRules.AmountStep,
        },
        ContractRule.IdempotencyKey => new JsonObject
        {
            ["type"] = "string", ["minLength"] = ContractRules.IdempotencyKeyMinLength,
            ["maxLength"] = ContractRules.IdempotencyKeyMaxLength, ["pattern"] = ContractRules.IdempotencyKeyPattern,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    private static JsonSerializerOptions WithTypeInfo(JsonSerializerOptions options)
    {
        options.TypeInfoResolver ??= new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return options;
    }

    private static JsonSerializerOptions HubOptions()
    {
        var options = new JsonSerializerOptions();
        ServiceDefaults.ApplyContractJsonRules(options);
        return WithTypeInfo(options);
    }
}
