// nvrtc.cpp: the stand-in NVRTC (libnvrtc.so.12). A program is compiled by g++ as C++ under kernel_shim.h into a
// shared object; its "CUBIN" is module_image.h's header followed by that object, which the stand-in driver loads.
// Options are NVRTC's, checked as NVRTC checks them (an unknown one is NVRTC_ERROR_INVALID_OPTION); a compile
// error is NVRTC_ERROR_COMPILATION with g++'s diagnostics as the program log.
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include "module_image.h"
#include "nvrtc_kernel_scan.h"

#define STANDIN_EXPORT extern "C" __attribute__((visibility("default")))

extern "C" const char kKernelShimText[];    // kernel_shim.h, embedded by build.sh
extern "C" const char kModuleImageText[];   // module_image.h, embedded by build.sh
extern "C" const char kBlockFibersText[];   // block_fibers.h, embedded by build.sh

namespace
{
// nvrtcResult (nvrtc.h).
enum nvrtcResult : int
{
    NVRTC_SUCCESS = 0,
    NVRTC_ERROR_OUT_OF_MEMORY = 1,
    NVRTC_ERROR_PROGRAM_CREATION_FAILURE = 2,
    NVRTC_ERROR_INVALID_INPUT = 3,
    NVRTC_ERROR_INVALID_PROGRAM = 4,
    NVRTC_ERROR_INVALID_OPTION = 5,
    NVRTC_ERROR_COMPILATION = 6,
    NVRTC_ERROR_BUILTIN_OPERATION_FAILURE = 7,
    NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION = 8,
    NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION = 9,
    NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID = 10,
    NVRTC_ERROR_INTERNAL_ERROR = 11,
    NVRTC_ERROR_TIME_FILE_WRITE_FAILED = 12,
};

constexpr const char* kResultNames[] = {
    "NVRTC_SUCCESS", "NVRTC_ERROR_OUT_OF_MEMORY", "NVRTC_ERROR_PROGRAM_CREATION_FAILURE", "NVRTC_ERROR_INVALID_INPUT",
    "NVRTC_ERROR_INVALID_PROGRAM", "NVRTC_ERROR_INVALID_OPTION", "NVRTC_ERROR_COMPILATION", "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE",
    "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION", "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION",
    "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID", "NVRTC_ERROR_INTERNAL_ERROR", "NVRTC_ERROR_TIME_FILE_WRITE_FAILED",
};

constexpr int kVersionMajor = 12, kVersionMinor = 8;
constexpr int kSupportedArchitectures[] = {75, 80, 86, 89, 90};

struct Program
{
    std::string source, name;
    std::vector<std::pair<std::string, std::string>> headers;  // include name, text
    std::string log;
    std::vector<unsigned char> cubin;
    bool compiled = false;
};

std::mutex g_lock;
std::set<Program*> g_programs;

Program* find_program(void* handle)
{
    std::lock_guard guard(g_lock);
    auto* program = static_cast<Program*>(handle);
    return g_programs.count(program) ? program : nullptr;
}

// What the options ask of g++; empty error when every option is one NVRTC knows.
struct CompileSettings
{
    bool fused_multiply_add = true;  // NVRTC's --fmad default
    std::vector<std::string> compiler_flags;
    std::string error;
};

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

std::string value_after(const std::string& option, const std::vector<const char*>& prefixes)
{
    for (const char* prefix : prefixes)
        if (starts_with(option, prefix)) return option.substr(std::strlen(prefix));
    return {};
}

bool has_prefix(const std::string& option, const std::vector<const char*>& prefixes)
{
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const char* p) { return starts_with(option, p); });
}

CompileSettings parse_options(int count, const char* const* options)
{
    CompileSettings settings;
    static const std::vector<const char*> arch = {"--gpu-architecture=", "-arch="}, standard = {"--std=", "-std="},
                                           fmad = {"--fmad=", "-fmad="}, ptxas = {"--ptxas-options=", "-Xptxas="},
                                           define = {"--define-macro=", "-D"}, include = {"--include-path=", "-I"};
    for (int i = 0; i < count; i++)
    {
        if (!options[i]) return {true, {}, "a NULL option"};
        std::string option = options[i];
        if (has_prefix(option, arch))
        {
            std::string target = value_after(option, arch);
            int number = starts_with(target, "sm_") ? std::atoi(target.c_str() + 3) : 0;
            if (std::find(std::begin(kSupportedArchitectures), std::end(kSupportedArchitectures), number) == std::end(kSupportedArchitectures))
                settings.error = "invalid value for --gpu-architecture (-arch): " + target;
        }
        else if (has_prefix(option, standard))
        {
            std::string value = value_after(option, standard);
            if (value != "c++03" && value != "c++11" && value != "c++14" && value != "c++17" && value != "c++20")
                settings.error = "invalid value for --std: " + value;
        }
        else if (has_prefix(option, fmad))
        {
            std::string value = value_after(option, fmad);
            if (value != "true" && value != "false") settings.error = "invalid value for --fmad: " + value;
            settings.fused_multiply_add = value == "true";
        }
        else if (has_prefix(option, ptxas))
        {
            // Options for the assembler; the stand-in has no PTX to assemble.
        }
        else if (option == "--generate-line-info" || option == "-lineinfo" || option == "--device-debug" || option == "-G")
        {
            settings.compiler_flags.push_back("-g");
        }
        else if (has_prefix(option, define)) settings.compiler_flags.push_back("-D" + value_after(option, define));
        else if (has_prefix(option, include)) settings.compiler_flags.push_back("-I" + value_after(option, include));
        else settings.error = "unrecognized option " + option;
        if (!settings.error.empty()) return settings;
    }
    // --fmad=false forbids contracting x * y + z into a fused multiply-add; g++ contracts only when told to.
    settings.compiler_flags.push_back(settings.fused_multiply_add ? "-ffp-contract=fast" : "-ffp-contract=off");
    return settings;
}

bool write_file(const std::filesystem::path& path, const std::string& text)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    return static_cast<bool>(out);
}

std::string read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs the compiler with its output (both streams) going to log_path; its exit status, or -1 if it could not start.
int run_compiler(const std::vector<std::string>& arguments, const std::filesystem::path& log_path)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> argv;
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    pid_t child;
    int started = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (started != 0) return -1;
    int status = 0;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

nvrtcResult compile(Program& program, const CompileSettings& settings)
{
    const char* temporary = std::getenv("TMPDIR");
    std::string pattern = std::string(temporary && *temporary ? temporary : "/tmp") + "/dcgan-standin-nvrtc-XXXXXX";
    if (!mkdtemp(pattern.data())) return NVRTC_ERROR_INTERNAL_ERROR;
    const std::filesystem::path directory = pattern;
    auto kernels = standin::find_kernels(program.source);
    // #line makes g++'s diagnostics name the program and its own lines.
    std::string text = std::string("#include \"kernel_shim.h\"\n#line 1 \"") + program.name + "\"\n" + program.source +
                       "\n#line 1 \"dcgan-standin-launch-wrappers\"\n" + standin::launch_wrappers(kernels);
    bool written = write_file(directory / "kernel_shim.h", kKernelShimText) && write_file(directory / "block_fibers.h", kBlockFibersText) &&
                   write_file(directory / "module_image.h", kModuleImageText) &&
                   write_file(directory / "program.cpp", text);
    for (const auto& [include_name, header] : program.headers) written = written && write_file(directory / include_name, header);
    if (!written)
    {
        std::filesystem::remove_all(directory);
        return NVRTC_ERROR_INTERNAL_ERROR;
    }
    const char* compiler = std::getenv("DCGAN_STANDIN_CXX");
    std::vector<std::string> arguments = {compiler && *compiler ? compiler : "g++", "-std=c++20", "-O1", "-shared", "-fPIC", "-pthread",
                                          "-I", directory.string()};
    arguments.insert(arguments.end(), settings.compiler_flags.begin(), settings.compiler_flags.end());
    arguments.insert(arguments.end(), {"-o", (directory / "module.so").string(), (directory / "program.cpp").string()});
    int status = run_compiler(arguments, directory / "compiler.log");
    program.log = read_file(directory / "compiler.log");
    nvrtcResult result = NVRTC_SUCCESS;
    if (status != 0)
    {
        if (status < 0) program.log = "could not run " + arguments[0] + "\n" + program.log;
        result = NVRTC_ERROR_COMPILATION;
    }
    else
    {
        std::string object = read_file(directory / "module.so");
        standin::ModuleImageHeader header{};
        std::memcpy(header.magic, standin::kModuleMagic, sizeof header.magic);
        header.object_bytes = object.size();
        program.cubin.resize(sizeof header + object.size());
        std::memcpy(program.cubin.data(), &header, sizeof header);
        std::memcpy(program.cubin.data() + sizeof header, object.data(), object.size());
        program.compiled = true;
    }
    std::filesystem::remove_all(directory);
    return result;
}
}

STANDIN_EXPORT const char* nvrtcGetErrorString(nvrtcResult result)
{
    return result >= 0 && result <= NVRTC_ERROR_TIME_FILE_WRITE_FAILED ? kResultNames[result] : "NVRTC_ERROR unknown";
}

STANDIN_EXPORT nvrtcResult nvrtcVersion(int* major, int* minor)
{
    if (!major || !minor) return NVRTC_ERROR_INVALID_INPUT;
    *major = kVersionMajor;
    *minor = kVersionMinor;
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcGetNumSupportedArchs(int* count)
{
    if (!count) return NVRTC_ERROR_INVALID_INPUT;
    *count = static_cast<int>(std::size(kSupportedArchitectures));
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcGetSupportedArchs(int* architectures)
{
    if (!architectures) return NVRTC_ERROR_INVALID_INPUT;
    std::copy(std::begin(kSupportedArchitectures), std::end(kSupportedArchitectures), architectures);
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcCreateProgram(void** handle, const char* source, const char* name, int header_count,
                                              const char* const* headers, const char* const* include_names)
{
    if (!handle || !source || header_count < 0 || (header_count > 0 && (!headers || !include_names))) return NVRTC_ERROR_INVALID_INPUT;
    auto* program = new Program();
    program->source = source;
    program->name = name ? name : "default_program";
    for (int i = 0; i < header_count; i++)
    {
        if (!headers[i] || !include_names[i])
        {
            delete program;
            return NVRTC_ERROR_INVALID_INPUT;
        }
        program->headers.emplace_back(include_names[i], headers[i]);
    }
    std::lock_guard guard(g_lock);
    g_programs.insert(program);
    *handle = program;
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcDestroyProgram(void** handle)
{
    if (!handle) return NVRTC_ERROR_INVALID_INPUT;
    std::lock_guard guard(g_lock);
    auto* program = static_cast<Program*>(*handle);
    if (!g_programs.erase(program)) return NVRTC_ERROR_INVALID_PROGRAM;
    delete program;
    *handle = nullptr;
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcCompileProgram(void* handle, int option_count, const char* const* options)
{
    Program* program = find_program(handle);
    if (!program) return NVRTC_ERROR_INVALID_PROGRAM;
    if (option_count < 0 || (option_count > 0 && !options)) return NVRTC_ERROR_INVALID_INPUT;
    program->compiled = false;
    program->cubin.clear();
    CompileSettings settings = parse_options(option_count, options);
    if (!settings.error.empty())
    {
        program->log = "nvrtc: error: " + settings.error + "\n";
        return NVRTC_ERROR_INVALID_OPTION;
    }
    return compile(*program, settings);
}

STANDIN_EXPORT nvrtcResult nvrtcGetProgramLogSize(void* handle, size_t* size)
{
    Program* program = find_program(handle);
    if (!program) return NVRTC_ERROR_INVALID_PROGRAM;
    if (!size) return NVRTC_ERROR_INVALID_INPUT;
    *size = program->log.size() + 1;
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcGetProgramLog(void* handle, char* log)
{
    Program* program = find_program(handle);
    if (!program) return NVRTC_ERROR_INVALID_PROGRAM;
    if (!log) return NVRTC_ERROR_INVALID_INPUT;
    std::memcpy(log, program->log.c_str(), program->log.size() + 1);
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcGetCUBINSize(void* handle, size_t* size)
{
    Program* program = find_program(handle);
    if (!program) return NVRTC_ERROR_INVALID_PROGRAM;
    if (!size) return NVRTC_ERROR_INVALID_INPUT;
    if (!program->compiled) return NVRTC_ERROR_INVALID_PROGRAM;
    *size = program->cubin.size();
    return NVRTC_SUCCESS;
}

STANDIN_EXPORT nvrtcResult nvrtcGetCUBIN(void* handle, char* cubin)
{
    Program* program = find_program(handle);
    if (!program) return NVRTC_ERROR_INVALID_PROGRAM;
    if (!cubin) return NVRTC_ERROR_INVALID_INPUT;
    if (!program->compiled) return NVRTC_ERROR_INVALID_PROGRAM;
    std::memcpy(cubin, program->cubin.data(), program->cubin.size());
    return NVRTC_SUCCESS;
}
