// cublaslt.cpp: the stand-in cuBLASLt (libcublasLt.so.12). libcublas.so.12 links against it by soname, so it has to
// exist beside libcublas for the search to accept the directory and for libcublas to load; the bindings call none of
// cuBLASLt's matmul API, so only its version queries are here.
#include <cstddef>
#include "library_version.h"

#define STANDIN_EXPORT extern "C" __attribute__((visibility("default")))

STANDIN_EXPORT size_t cublasLtGetVersion() { return standin::kCublasMajor * 10000 + standin::kCublasMinor * 100 + standin::kCublasPatch; }

// libraryPropertyType: MAJOR_VERSION 0, MINOR_VERSION 1, PATCH_LEVEL 2; cublasStatus_t SUCCESS 0, INVALID_VALUE 7.
STANDIN_EXPORT int cublasLtGetProperty(int type, int* value)
{
    if (!value) return 7;
    switch (type)
    {
        case 0: *value = standin::kCublasMajor; return 0;
        case 1: *value = standin::kCublasMinor; return 0;
        case 2: *value = standin::kCublasPatch; return 0;
        default: return 7;
    }
}
