using System.Text;
using System.Text.Json;

namespace HsePayord.Modules.Operations.FailedMessages;

/// <summary>A message body as an operator reads it: JSON pretty-printed, other text as it is, binary as base64.</summary>
internal sealed record MessageBody(string Format, string Text)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static MessageBody Show(byte[]? body)
    {
        if (body is null || body.Length == 0)
        {
            return new MessageBody("empty", "");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return new MessageBody("json", JsonSerializer.Serialize(document.RootElement, Indented));
        }
        catch (JsonException)
        {
        }

        try
        {
            return new MessageBody("text", StrictUtf8.GetString(body));
        }
        catch (DecoderFallbackException)
        {
            return new MessageBody("base64", Convert.ToBase64String(body));
        }
    }
}
