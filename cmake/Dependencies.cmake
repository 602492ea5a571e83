# Every third-party dependency is found here, from Debian packages (scripts/setup.sh installs them).

# Sets `out` to a link item that is the static archive `archive` in executables with the target
# property LOCUS_STATIC_STARTUP (locusc) and `shared` in every other target, or `shared` alone
# when the archive is not installed. Each shared library costs every start a load and a symbol
# search (docs/history/performance-2026-11.md, start-up); only locusc, started once per
# build, is worth the static copies.
function(locus_startup_link out archive shared)
  find_library(LOCUS_ARCHIVE_${out} NAMES ${archive})
  if(LOCUS_ARCHIVE_${out})
    set(${out} "$<IF:$<BOOL:$<TARGET_PROPERTY:LOCUS_STATIC_STARTUP>>,${LOCUS_ARCHIVE_${out}},${shared}>"
        PARENT_SCOPE)
  else()
    set(${out} ${shared} PARENT_SCOPE)
  endif()
endfunction()

find_program(ANTLR4_TOOL antlr4 REQUIRED)
find_package(antlr4-runtime 4.9 REQUIRED CONFIG)

# LLVM: only the include dirs and static Support (never llvm-config --cxxflags: it adds
# -fno-exceptions and an older -std, which break ANTLR). See shared notes/toolchain.md §3.
find_package(LLVM REQUIRED CONFIG PATHS /usr/lib/llvm-${LOCUS_LLVM_MAJOR}/lib/cmake/llvm NO_DEFAULT_PATH)
add_library(locus_llvm_support INTERFACE)
target_include_directories(locus_llvm_support SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
llvm_map_components_to_libnames(LOCUS_LLVM_LIBS support)
target_link_libraries(locus_llvm_support INTERFACE ${LOCUS_LLVM_LIBS})
target_link_options(locus_llvm_support INTERFACE LINKER:--as-needed)

find_package(nlohmann_json 3.11 REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)

if(LOCUS_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
  include(GoogleTest)
endif()
if(LOCUS_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)
endif()

# jemalloc replaces malloc in locusc, configured by compiler/driver/locusc_malloc_conf.cpp to back its
# heap with transparent huge pages: a build of a large project touches ~150 MB, and first-touch
# page faults of 4 KB pages were a third of its time on this VM (docs/history/performance-2026-11.md).
# Linking it interposes malloc/free process-wide; without it the system allocator is used
# (slower). locusc gets the static archive (libjemalloc.so would also pull in libstdc++.so).
find_library(LOCUS_JEMALLOC_LIB NAMES jemalloc)
add_library(locus_malloc INTERFACE)
if(LOCUS_JEMALLOC_LIB)
  locus_startup_link(LOCUS_JEMALLOC libjemalloc_pic.a ${LOCUS_JEMALLOC_LIB})
  target_link_libraries(locus_malloc INTERFACE ${LOCUS_JEMALLOC} Threads::Threads)
  target_link_options(locus_malloc INTERFACE LINKER:--no-as-needed)
else()
  message(STATUS "jemalloc not found: using the system allocator (slower builds)")
endif()

# cpp-httplib as Debian compiles it (libcpp-httplib-dev): its pkg-config Cflags carry the TLS, zlib
# and brotli macros the library was built with, and they change the layout of its classes
# (httplib::Client is 16 bytes in the library, 8 without them: its constructor would write past a
# smaller object). Every includer of <httplib.h> links locus_httplib, so it compiles with the
# library's layouts and links what the header's inline code calls (OpenSSL, zlib, brotli).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LOCUS_CPP_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
add_library(locus_httplib INTERFACE)
target_link_libraries(locus_httplib INTERFACE PkgConfig::LOCUS_CPP_HTTPLIB
  ${LOCUS_CPP_HTTPLIB_STATIC_LIBRARIES})
