using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HsePayord.UnitTests.ApiDescription;

/// <summary>
/// What a field's JSON Schema (OpenAPI 3.1 = JSON Schema 2020-12) accepts, for the keywords the documents use on
/// request fields and parameters. A keyword it does not know fails the test instead of being ignored.
/// </summary>
internal static class SchemaRules
{
    private static readonly HashSet<string> Annotations = ["description", "format", "example", "examples", "title"];

    public static bool Accepts(JsonObject schema, JsonNode? value)
    {
        foreach (var (keyword, argument) in schema)
        {
            var ok = keyword switch
            {
                "type" => TypesOf(argument!).Contains(TypeOf(value)),
                "minLength" => value is not JsonValue s || s.GetValueKind() != JsonValueKind.String || CodePoints(s) >= argument!.GetValue<int>(),
                "maxLength" => value is not JsonValue s2 || s2.GetValueKind() != JsonValueKind.String || CodePoints(s2) <= argument!.GetValue<int>(),
                "pattern" => value is not JsonValue s3 || s3.GetValueKind() != JsonValueKind.String || MatchesEcma(argument!.GetValue<string>(), s3.GetValue<string>()),
                "minimum" => Number(value) is not { } n1 || n1 >= Decimal(argument!),
                "maximum" => Number(value) is not { } n2 || n2 <= Decimal(argument!),
                "exclusiveMinimum" => Number(value) is not { } n3 || n3 > Decimal(argument!),
                "exclusiveMaximum" => Number(value) is not { } n4 || n4 < Decimal(argument!),
                "multipleOf" => Number(value) is not { } n5 || n5 % Decimal(argument!) == 0,
                _ when Annotations.Contains(keyword) => true,
                _ => throw new NotSupportedException($"The agreement test does not know the keyword '{keyword}': teach it to SchemaRules"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Values at and beyond each bound the schema states, plus ones that break its pattern.</summary>
    public static IEnumerable<JsonNode?> Probes(JsonObject schema)
    {
        var types = schema["type"] is { } type ? TypesOf(type) : [];
        if (types.Contains("null"))
        {
            yield return null;
        }

        if (types.Contains("string"))
        {
            var min = schema["minLength"]?.GetValue<int>() ?? 0;
            var max = schema["maxLength"]?.GetValue<int>() ?? 300;
            foreach (var length in new[] { 0, min - 1, min, min + 1, max - 1, max, max + 1 }.Where(l => l >= 0).Distinct())
            {
                yield return JsonValue.Create(new string('a', length));
            }

            foreach (var text in Examples.ValidUserIds.Concat(Examples.InvalidUserIds).Concat(Examples.InvalidIdempotencyKeys)
                         .Concat(["a b", " !~", "a/b", "a?b", "Coffee ☕", "\t"]))
            {
                yield return JsonValue.Create(text);
            }
        }

        if (types.Contains("number") || types.Contains("integer"))
        {
            var bounds = new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" }
                .Select(k => schema[k]).OfType<JsonNode>().Select(Decimal);
            var step = schema["multipleOf"] is { } multipleOf ? Decimal(multipleOf) : 0.01m;
            foreach (var bound in bounds)
            {
                foreach (var delta in new[] { -step, -step / 10, 0, step / 10, step })
                {
                    yield return JsonValue.Create(bound + delta);
                }
            }

            foreach (var amount in Examples.ValidAmounts.Concat(Examples.InvalidAmounts).Concat([-1_000_000m, 12.34m, 1.005m, 0.1m]))
            {
                yield return JsonValue.Create(amount);
            }
        }
    }

    private static string TypeOf(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        _ => "array",
    };

    private static HashSet<string> TypesOf(JsonNode type) => type is JsonArray array
        ? [.. array.Select(t => t!.GetValue<string>())]
        : [type.GetValue<string>()];

    private static int CodePoints(JsonValue value)
    {
        var text = value.GetValue<string>();
        return text.EnumerateRunes().Count();
    }

    private static decimal? Number(JsonNode? value) =>
        value is JsonValue json && json.GetValueKind() == JsonValueKind.Number ? Decimal(json) : null;

    private static decimal Decimal(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>ECMA-262, as JSON Schema reads patterns: unlike .NET's, its <c>$</c> does not match before a final newline.</summary>
    private static bool MatchesEcma(string pattern, string text) =>
        Regex.IsMatch(text, pattern.EndsWith('$') ? pattern[..^1] + @"\z" : pattern, RegexOptions.CultureInvariant);
}
