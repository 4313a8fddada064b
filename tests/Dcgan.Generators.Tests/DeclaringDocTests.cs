using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Dcgan.Generators.Tests;

/// <summary>
/// Keeps docs/declaring.md honest: every diagnostic the generator can report has a section there, and
/// every C# block on the page, marked by the comment line before it, does what the mark says when run
/// through the generator: <c>&lt;!-- builds --&gt;</c> and <c>&lt;!-- fixed --&gt;</c> report nothing,
/// <c>&lt;!-- triggers DCGAN0xx --&gt;</c> reports that diagnostic alone, as an error; none leaves a compile error.
/// </summary>
public class DeclaringDocTests
{
    private const string Page = "docs/declaring.md";

    private sealed record Block(int Line, string Mark, string Language, string Code);

    [Fact]
    public void Every_diagnostic_descriptor_has_a_section_with_a_declaration_that_triggers_it_and_its_fix()
    {
        var descriptors = Descriptors();
        Assert.NotEmpty(descriptors);
        string[] lines = PageLines();
        var blocks = Blocks(lines);
        foreach (var descriptor in descriptors)
        {
            string heading = $"### {descriptor.Id}: {descriptor.Title}";
            int start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
            Assert.True(start >= 0, $"{Page} has no section '{heading}' for {descriptor.Id} ({descriptor.MessageFormat})");
            int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ") || l.StartsWith("### "));
            if (end < 0) end = lines.Length;
            var inSection = blocks.Where(b => b.Line > start && b.Line < end).ToList();
            // The generator's checks on its own plan: no declaration should trigger them, so the section explains instead.
            if (descriptor.CustomTags.Contains("DcganInternal"))
            {
                Assert.DoesNotContain(inSection, b => b.Language == "csharp");
                continue;
            }
            Assert.True(inSection.Any(b => b.Mark == "triggers " + descriptor.Id),
                $"{Page}, section '{heading}' (line {start + 1}): no C# block marked <!-- triggers {descriptor.Id} -->");
            Assert.True(inSection.Any(b => b.Mark == "fixed"),
                $"{Page}, section '{heading}' (line {start + 1}): no C# block marked <!-- fixed --> showing the fix");
        }
    }

    public static TheoryData<int, string> CSharpBlocks()
    {
        var data = new TheoryData<int, string>();
        foreach (var block in Blocks(PageLines()).Where(b => b.Language == "csharp"))
            data.Add(block.Line + 1, block.Mark);
        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void A_csharp_block_on_the_page_does_what_its_mark_says(int line, string mark)
    {
        var block = Blocks(PageLines()).Single(b => b.Line + 1 == line);
        Assert.Equal(mark, block.Mark);
        string source = Regex.IsMatch(block.Code, @"^\s*using Dcgan;", RegexOptions.Multiline) ? block.Code : "using Dcgan;\n" + block.Code;
        var (generator, compile, _) = GeneratorHarness.Run(source);
        string where = $"{Page}, the block at line {line} (<!-- {mark} -->)";

        var trigger = Regex.Match(mark, @"^triggers (DCGAN\d{3})$");
        if (trigger.Success)
        {
            string id = trigger.Groups[1].Value;
            // A [Gan] that gets no step is not listed among the assembly's models, so the diagnostic is the only error.
            Assert.True(compile.IsEmpty, $"{where} leaves compile errors besides its diagnostic:\n  " + string.Join("\n  ", compile));
            Assert.True(generator.Any(d => d.Id == id), $"{where} reports no {id}; the generator reported:\n  " + Listing(generator));
            Assert.True(generator.All(d => d.Id == id && d.Severity == DiagnosticSeverity.Error),
                $"{where} must report {id} alone, as an error; the generator reported:\n  " + Listing(generator));
        }
        else
        {
            Assert.True(mark is "builds" or "fixed", $"{where}: unknown mark; use builds, fixed or triggers DCGAN0xx");
            Assert.True(compile.IsEmpty, $"{where} does not compile:\n  " + string.Join("\n  ", compile));
            Assert.True(generator.IsEmpty, $"{where} must build cleanly; the generator reported:\n  " + Listing(generator));
        }
    }

    [Fact]
    public void The_example_summary_on_the_page_is_what_the_generator_computes()
    {
        var blocks = Blocks(PageLines());
        var summary = Assert.Single(blocks, b => b.Mark.StartsWith("summary of "));
        string gan = summary.Mark.Substring("summary of ".Length);
        var example = blocks.First(b => b.Language == "csharp" && Regex.IsMatch(b.Code, $@"partial class {gan}\b"));
        var (generator, _, run) = GeneratorHarness.Run(example.Code);
        Assert.Empty(generator);
        string step = run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith($".{gan}.Step.g.cs") || s.HintName == $"{gan}.Step.g.cs").SourceText.ToString();
        var computed = SummaryLines(step);
        string[] shown = summary.Code.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();
        string expected = string.Join("\n", computed.Take(Math.Max(shown.Length, 1)));
        Assert.True(shown.Length <= computed.Count && shown.SequenceEqual(computed.Take(shown.Length)),
            $"{Page}, the summary at line {summary.Line + 1} differs from the generator's; it computes:\n{expected}");
    }

    private static List<string> SummaryLines(string step)
    {
        var lines = new List<string>();
        bool inside = false;
        foreach (string raw in step.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Contains("public const string Summary =")) { inside = true; continue; }
            if (!inside) continue;
            var m = Regex.Match(line, @"^\s*""(.*?)(\\n"" \+|"";)$");
            Assert.True(m.Success, "unexpected Summary line: " + line);
            lines.Add(m.Groups[1].Value.Replace("\\\"", "\"").TrimEnd());
            if (m.Groups[2].Value == "\";") break;
        }
        Assert.NotEmpty(lines);
        return lines;
    }

    private static string Listing(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.Select(d => $"{d.Id} ({d.Severity}): {d.GetMessage()}").ToList();
        return list.Count == 0 ? "nothing" : string.Join("\n  ", list);
    }

    /// <summary>Every DiagnosticDescriptor field of DiagnosticDescriptors, read by reflection from the generator assembly.</summary>
    private static List<DiagnosticDescriptor> Descriptors()
    {
        var type = typeof(DcganGenerator).Assembly.GetType("Dcgan.Generators.DiagnosticDescriptors", throwOnError: true)!;
        return type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The page's fenced blocks with the mark on the nearest non-blank line before each. Every ```csharp
    /// block must carry one, so no C# on the page goes unchecked.
    /// </summary>
    private static List<Block> Blocks(string[] lines)
    {
        var blocks = new List<Block>();
        for (int i = 0; i < lines.Length; i++)
        {
            var fence = Regex.Match(lines[i], @"^```(\w+)\s*$");
            if (!fence.Success) continue;
            int open = i;
            int close = Array.FindIndex(lines, open + 1, l => l.TrimEnd() == "```");
            Assert.True(close > open, $"{Page}: the block opened at line {open + 1} is never closed");
            int before = open - 1;
            while (before >= 0 && lines[before].Trim().Length == 0) before--;
            var mark = before >= 0 ? Regex.Match(lines[before].Trim(), @"^<!--\s*(.+?)\s*-->$") : Match.Empty;
            string language = fence.Groups[1].Value;
            Assert.True(language != "csharp" || mark.Success,
                $"{Page}: the C# block at line {open + 1} has no mark; put <!-- builds -->, <!-- fixed --> or <!-- triggers DCGAN0xx --> on the line before it");
            blocks.Add(new Block(open, mark.Success ? mark.Groups[1].Value : "", language,
                string.Join("\n", lines.Skip(open + 1).Take(close - open - 1)) + "\n"));
            i = close;
        }
        return blocks;
    }

    private static string[] PageLines()
    {
        string path = Path.Combine(RepositoryRoot(), Page);
        Assert.True(File.Exists(path), $"{path} is missing");
        return File.ReadAllText(path).Replace("\r\n", "\n").Split('\n');
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dcgan.sln"))) return dir.FullName;
        throw new InvalidOperationException("Dcgan.sln not found above " + AppContext.BaseDirectory);
    }
}
