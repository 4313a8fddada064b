// driver_streams.cpp: streams, stream capture and graphs. Work on a stream that is not capturing runs at the call
// (so it runs in the stream's order, and cuStreamSynchronize has nothing left to wait for). On a capturing stream
// work is recorded instead, its argument values copied then; cuStreamEndCapture hands the recording over as a
// graph, and cuGraphLaunch replays an instantiated graph's work in order. The calls the real driver forbids while
// a capture is under way are refused with CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED and invalidate the capture.
#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include "driver_internal.h"

namespace
{
// CUstreamCaptureMode (cuda.h).
enum CaptureMode : int { kCaptureGlobal = 0, kCaptureThreadLocal = 1, kCaptureRelaxed = 2 };

struct Graph
{
    std::vector<standin::Operation> nodes;
};

struct GraphExec
{
    std::shared_ptr<const std::vector<standin::Operation>> nodes;
};

struct Stream
{
    bool capturing = false;
    bool invalidated = false;
    int mode = kCaptureGlobal;
    std::thread::id capturer;
    std::unique_ptr<Graph> recording;
};

std::mutex g_lock;  // guards the registries and every stream's capture state
std::set<Stream*> g_streams;
std::set<Graph*> g_graphs;
std::set<GraphExec*> g_execs;

// cuda.h's CU_STREAM_LEGACY and CU_STREAM_PER_THREAD are handles 0x1 and 0x2; NULL is the legacy stream too.
bool is_default_stream(CUstream stream) { return reinterpret_cast<uintptr_t>(stream) <= 2; }

Stream* find_stream(CUstream stream)
{
    auto* candidate = reinterpret_cast<Stream*>(stream);
    return g_streams.count(candidate) ? candidate : nullptr;
}

// Whether a capture on this stream forbids an unsafe call from the calling thread (cuda.h's CUstreamCaptureMode):
// the thread's own capture unless relaxed, and any thread's global-mode capture.
bool forbids_unsafe_calls(const Stream& stream)
{
    if (!stream.capturing) return false;
    return stream.capturer == std::this_thread::get_id() ? stream.mode != kCaptureRelaxed : stream.mode == kCaptureGlobal;
}

CUresult run_all(const std::vector<standin::Operation>& operations)
{
    for (const auto& operation : operations)
        if (CUresult result = operation.run()) return result;
    return CUDA_SUCCESS;
}
}

CUresult standin::refuse_if_capturing(const char* /*call*/)
{
    std::lock_guard guard(g_lock);
    bool refused = false;
    for (Stream* stream : g_streams)
        if (forbids_unsafe_calls(*stream))
        {
            stream->invalidated = true;
            refused = true;
        }
    return refused ? CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED : CUDA_SUCCESS;
}

CUresult standin::submit(CUstream handle, Operation operation)
{
    if (!is_default_stream(handle))
    {
        std::unique_lock guard(g_lock);
        Stream* stream = find_stream(handle);
        if (!stream) return CUDA_ERROR_INVALID_HANDLE;
        if (stream->capturing)
        {
            if (stream->invalidated) return CUDA_ERROR_STREAM_CAPTURE_INVALIDATED;
            stream->recording->nodes.push_back(std::move(operation));
            return CUDA_SUCCESS;
        }
    }
    return operation.run();
}

STANDIN_EXPORT CUresult dcganStandinEnqueue(CUstream stream, const char* what, CUresult (*run)(void*), void* state, void (*destroy)(void*))
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!run) return CUDA_ERROR_INVALID_VALUE;
    std::shared_ptr<void> owned(state, [destroy](void* s) { if (destroy) destroy(s); });
    return standin::submit(stream, {what ? what : "library call", [owned, run]() { return run(owned.get()); }});
}

STANDIN_EXPORT CUresult cuStreamCreate(CUstream* handle, unsigned int flags)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!handle || flags > 1) return CUDA_ERROR_INVALID_VALUE;  // CU_STREAM_DEFAULT or CU_STREAM_NON_BLOCKING
    auto* stream = new Stream();
    std::lock_guard guard(g_lock);
    g_streams.insert(stream);
    *handle = reinterpret_cast<CUstream>(stream);
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuStreamDestroy_v2(CUstream handle)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    std::lock_guard guard(g_lock);
    Stream* stream = find_stream(handle);
    if (!stream) return CUDA_ERROR_INVALID_HANDLE;
    g_streams.erase(stream);
    delete stream;
    return CUDA_SUCCESS;
}

// Nothing is ever pending (uncaptured work ran at its call); synchronizing a capturing stream is forbidden.
STANDIN_EXPORT CUresult cuStreamSynchronize(CUstream handle)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (is_default_stream(handle)) return standin::refuse_if_capturing("cuStreamSynchronize");
    std::lock_guard guard(g_lock);
    Stream* stream = find_stream(handle);
    if (!stream) return CUDA_ERROR_INVALID_HANDLE;
    if (stream->capturing)
    {
        stream->invalidated = true;
        return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;
    }
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuStreamBeginCapture_v2(CUstream handle, int mode)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (is_default_stream(handle)) return CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED;  // the legacy stream cannot be captured
    if (mode < kCaptureGlobal || mode > kCaptureRelaxed) return CUDA_ERROR_INVALID_VALUE;
    std::lock_guard guard(g_lock);
    Stream* stream = find_stream(handle);
    if (!stream) return CUDA_ERROR_INVALID_HANDLE;
    if (stream->capturing) return CUDA_ERROR_ILLEGAL_STATE;
    stream->capturing = true;
    stream->invalidated = false;
    stream->mode = mode;
    stream->capturer = std::this_thread::get_id();
    stream->recording = std::make_unique<Graph>();
    return CUDA_SUCCESS;
}

// Ends the capture; an invalidated one yields no graph (NULL) and CUDA_ERROR_STREAM_CAPTURE_INVALIDATED.
STANDIN_EXPORT CUresult cuStreamEndCapture(CUstream handle, CUgraph* graph)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!graph) return CUDA_ERROR_INVALID_VALUE;
    if (is_default_stream(handle)) return CUDA_ERROR_ILLEGAL_STATE;
    std::lock_guard guard(g_lock);
    Stream* stream = find_stream(handle);
    if (!stream) return CUDA_ERROR_INVALID_HANDLE;
    if (!stream->capturing) return CUDA_ERROR_ILLEGAL_STATE;
    if (stream->mode != kCaptureRelaxed && stream->capturer != std::this_thread::get_id()) return CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD;
    stream->capturing = false;
    std::unique_ptr<Graph> recording = std::move(stream->recording);
    if (stream->invalidated)
    {
        stream->invalidated = false;
        *graph = nullptr;
        return CUDA_ERROR_STREAM_CAPTURE_INVALIDATED;
    }
    Graph* made = recording.release();
    g_graphs.insert(made);
    *graph = reinterpret_cast<CUgraph>(made);
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuGraphDestroy(CUgraph handle)
{
    std::lock_guard guard(g_lock);
    auto* graph = reinterpret_cast<Graph*>(handle);
    if (!g_graphs.erase(graph)) return CUDA_ERROR_INVALID_VALUE;
    delete graph;
    return CUDA_SUCCESS;
}

// The executable graph is a snapshot: destroying the graph afterwards does not change it.
STANDIN_EXPORT CUresult cuGraphInstantiateWithFlags(CUgraphExec* exec, CUgraph handle, unsigned long long flags)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    if (!exec || (flags & ~0xFull) != 0) return CUDA_ERROR_INVALID_VALUE;  // CUgraphInstantiate_flags: bits 1, 2, 4, 8
    std::lock_guard guard(g_lock);
    auto* graph = reinterpret_cast<Graph*>(handle);
    if (!g_graphs.count(graph)) return CUDA_ERROR_INVALID_VALUE;
    auto* made = new GraphExec{std::make_shared<const std::vector<standin::Operation>>(graph->nodes)};
    g_execs.insert(made);
    *exec = reinterpret_cast<CUgraphExec>(made);
    return CUDA_SUCCESS;
}

STANDIN_EXPORT CUresult cuGraphExecDestroy(CUgraphExec handle)
{
    std::lock_guard guard(g_lock);
    auto* exec = reinterpret_cast<GraphExec*>(handle);
    if (!g_execs.erase(exec)) return CUDA_ERROR_INVALID_VALUE;
    delete exec;
    return CUDA_SUCCESS;
}

// Replays the graph's work in order on the stream; the first failing node's status is the launch's.
STANDIN_EXPORT CUresult cuGraphLaunch(CUgraphExec handle, CUstream stream)
{
    if (!standin::driver_initialized()) return CUDA_ERROR_NOT_INITIALIZED;
    std::shared_ptr<const std::vector<standin::Operation>> nodes;
    {
        std::lock_guard guard(g_lock);
        auto* exec = reinterpret_cast<GraphExec*>(handle);
        if (!g_execs.count(exec)) return CUDA_ERROR_INVALID_VALUE;
        nodes = exec->nodes;
    }
    return standin::submit(stream, {"cuGraphLaunch", [nodes]() { return run_all(*nodes); }});
}
