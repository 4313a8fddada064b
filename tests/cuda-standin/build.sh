#!/usr/bin/env bash
# Builds the CPU stand-in of the CUDA driver, NVRTC, cuBLAS (with cuBLASLt) and cuDNN 9 into DIR:
#   bash tests/cuda-standin/build.sh DIR
# then DCGAN_CUDA_LIBS=DIR dcgan-cli doctor. Stops at the first error (set -e); CXX overrides g++.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTPUT_DIRECTORY" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$1"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cxx="${CXX:-g++}"
flags=(-std=c++20 -O2 -shared -fPIC -pthread -Wall -Wextra -Werror -Wno-unused-parameter -fvisibility=hidden -I "$here")
# Each library finds its siblings (libcuda.so.1, libcublasLt.so.12) beside itself.
link=(-L "$out" "-Wl,-rpath,\$ORIGIN" -Wl,--no-as-needed -Wl,-z,defs)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The stand-in NVRTC writes these headers beside every program it compiles.
embed() {  # embed SYMBOL FILE
    printf 'extern "C" const char %s[] = R"STANDIN_EMBEDDED(' "$1"
    cat "$2"
    printf ')STANDIN_EMBEDDED";\n'
}
{ embed kKernelShimText "$here/kernel_shim.h"; embed kBlockFibersText "$here/block_fibers.h"; embed kModuleImageText "$here/module_image.h"; } > "$work/embedded_headers.cpp"

build() {  # build SONAME SOURCES... [-- LIBRARIES...]
    local name="$1"; shift
    local sources=() libraries=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    libraries=("$@")
    echo "building $out/$name"
    "$cxx" "${flags[@]}" -Wl,-soname,"$name" -o "$out/$name" "${sources[@]}" "${link[@]}" "${libraries[@]}"
}

build libcuda.so.1 "$here"/driver_errors.cpp "$here"/driver_device.cpp "$here"/driver_memory.cpp "$here"/driver_streams.cpp \
    "$here"/driver_modules.cpp -- -ldl
build libnvrtc.so.12 "$here"/nvrtc.cpp "$here"/nvrtc_kernel_scan.cpp "$work/embedded_headers.cpp"
build libcublasLt.so.12 "$here"/cublaslt.cpp
build libcublas.so.12 "$here"/cublas.cpp -- -l:libcublasLt.so.12 -l:libcuda.so.1
build libcudnn.so.9 "$here"/cudnn_core.cpp "$here"/cudnn_convolution.cpp "$here"/cudnn_batchnorm.cpp -- -l:libcuda.so.1
echo "built the CUDA stand-in in $out"
