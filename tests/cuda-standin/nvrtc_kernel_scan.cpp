// nvrtc_kernel_scan.cpp: see nvrtc_kernel_scan.h.
#include "nvrtc_kernel_scan.h"
#include <cctype>

namespace
{
// The source with comments blanked (newlines kept), string and character literals left as they are.
std::string without_comments(const std::string& source)
{
    std::string out = source;
    size_t i = 0, n = source.size();
    while (i < n)
    {
        char c = source[i];
        if (c == '"' || c == '\'')
        {
            for (i++; i < n && source[i] != c; i++)
                if (source[i] == '\\') i++;
            i++;
        }
        else if (c == '/' && i + 1 < n && source[i + 1] == '/')
        {
            for (; i < n && source[i] != '\n'; i++) out[i] = ' ';
        }
        else if (c == '/' && i + 1 < n && source[i + 1] == '*')
        {
            size_t end = source.find("*/", i + 2);
            end = end == std::string::npos ? n : end + 2;
            for (; i < end; i++)
                if (out[i] != '\n') out[i] = ' ';
        }
        else i++;
    }
    return out;
}

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

size_t skip_space(const std::string& text, size_t i)
{
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) i++;
    return i;
}

std::string trim(const std::string& text)
{
    size_t begin = skip_space(text, 0), end = text.size();
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
    return text.substr(begin, end - begin);
}

std::string one_line(const std::string& text)
{
    std::string out;
    bool space = false;
    for (char c : trim(text))
    {
        if (std::isspace(static_cast<unsigned char>(c))) space = true;
        else
        {
            if (space && !out.empty()) out += ' ';
            out += c;
            space = false;
        }
    }
    return out;
}

// Whether the text just before position ends with `extern "C"` (whitespace between allowed).
bool preceded_by_extern_c(const std::string& text, size_t position)
{
    size_t end = position;
    while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
    const std::string quoted = "\"C\"";
    if (end < quoted.size() || text.compare(end - quoted.size(), quoted.size(), quoted) != 0) return false;
    end -= quoted.size();
    while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) end--;
    const std::string keyword = "extern";
    return end >= keyword.size() && text.compare(end - keyword.size(), keyword.size(), keyword) == 0 &&
           (end == keyword.size() || !is_identifier_char(text[end - keyword.size() - 1]));
}

std::vector<standin::KernelParameter> parse_parameters(const std::string& text)
{
    std::vector<standin::KernelParameter> parameters;
    std::string list = trim(text);
    if (list.empty() || list == "void") return parameters;
    size_t start = 0;
    for (size_t i = 0; i <= list.size(); i++)
    {
        if (i < list.size() && list[i] != ',') continue;
        std::string declaration = trim(list.substr(start, i - start));
        start = i + 1;
        size_t end = declaration.size(), begin = end;
        while (begin > 0 && is_identifier_char(declaration[begin - 1])) begin--;
        parameters.push_back({one_line(declaration.substr(0, begin)), declaration.substr(begin, end - begin)});
    }
    return parameters;
}

std::string c_string(const std::string& text)
{
    std::string out = "\"";
    for (char c : text)
    {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}
}

std::vector<standin::KernelSignature> standin::find_kernels(const std::string& source)
{
    std::vector<KernelSignature> kernels;
    const std::string text = without_comments(source), keyword = "__global__";
    for (size_t at = text.find(keyword); at != std::string::npos; at = text.find(keyword, at + keyword.size()))
    {
        if ((at > 0 && is_identifier_char(text[at - 1])) || !preceded_by_extern_c(text, at)) continue;
        size_t i = skip_space(text, at + keyword.size());
        if (text.compare(i, 4, "void") != 0 || (i + 4 < text.size() && is_identifier_char(text[i + 4]))) continue;
        i = skip_space(text, i + 4);
        size_t name_begin = i;
        while (i < text.size() && is_identifier_char(text[i])) i++;
        std::string name = text.substr(name_begin, i - name_begin);
        i = skip_space(text, i);
        if (name.empty() || i >= text.size() || text[i] != '(') continue;
        int depth = 0;
        size_t open = i;
        for (; i < text.size(); i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) break;
        }
        if (i >= text.size()) continue;
        std::string parameters = text.substr(open + 1, i - open - 1);
        kernels.push_back({name, one_line(parameters), parse_parameters(parameters)});
    }
    return kernels;
}

std::string standin::launch_wrappers(const std::vector<KernelSignature>& kernels)
{
    std::string out = "\n// ===== the stand-in NVRTC's launch wrappers and kernel table =====\n";
    for (const auto& kernel : kernels)
    {
        const std::string& k = kernel.name;
        std::string sizes, pointers, arguments, calls;
        for (size_t i = 0; i < kernel.parameters.size(); i++)
        {
            const auto& p = kernel.parameters[i];
            std::string index = std::to_string(i), separator = i ? ", " : "";
            sizes += separator + "sizeof(" + p.type + ")";
            pointers += separator + (p.type.find('*') != std::string::npos ? "1" : "0");
            arguments += "    auto a" + index + " = *reinterpret_cast<" + p.type + "*>(arguments[" + index + "]);\n";
            calls += separator + "a" + index;
        }
        if (kernel.parameters.empty()) sizes = pointers = "0";
        out += "static const unsigned dcgan_standin_bytes_" + k + "[] = {" + sizes + "};\n";
        out += "static const unsigned char dcgan_standin_pointer_" + k + "[] = {" + pointers + "};\n";
        out += "static void dcgan_standin_launch_" + k + "(const standin::LaunchShape* shape, void** arguments)\n{\n";
        out += "    (void)arguments;\n" + arguments;
        out += "    standin_run_launch(*shape, [=] { " + k + "(" + calls + "); });\n}\n";
    }
    out += "extern \"C\" const standin::KernelEntry dcgan_standin_kernels[] = {\n";
    for (const auto& kernel : kernels)
    {
        const std::string& k = kernel.name;
        out += "    {" + c_string(k) + ", " + c_string(kernel.parameter_text) + ", " + std::to_string(kernel.parameters.size()) +
               ", dcgan_standin_bytes_" + k + ", dcgan_standin_pointer_" + k + ", dcgan_standin_launch_" + k + "},\n";
    }
    out += "    {nullptr, nullptr, 0, nullptr, nullptr, nullptr},\n};\n";
    out += "extern \"C\" const int dcgan_standin_kernel_count = " + std::to_string(kernels.size()) + ";\n";
    return out;
}
