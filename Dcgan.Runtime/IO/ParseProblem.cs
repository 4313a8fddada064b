using System.Text.Json;

namespace Dcgan.Runtime.IO;

/// <summary>
/// What went wrong inside a parser, said in one short line for a DcganException. System.Text.Json quotes the
/// offending text in its messages, newlines and all, which would break the CLI's one-line report.
/// </summary>
public static class ParseProblem
{
    public static string Describe(Exception e) => e switch
    {
        JsonException { LineNumber: { } line, BytePositionInLine: { } position } => $"invalid JSON at line {line + 1}, byte {position + 1}",
        JsonException => "invalid JSON",
        _ => OneLine(e.Message),
    };

    /// <summary>The text with its lines joined by spaces, cut at 300 characters.</summary>
    public static string OneLine(string text)
    {
        string line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
