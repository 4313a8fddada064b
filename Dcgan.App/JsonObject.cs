using System.Text.Json;

namespace Dcgan.App;

/// <summary>
/// One JSON object as a line of text, for <c>--json</c> outputs. Written field by field with Utf8JsonWriter, not by
/// reflection serialisation, which a trimmed dcgan-cli does not have.
/// </summary>
public static class JsonObject
{
    public static string Write(Action<Utf8JsonWriter> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
