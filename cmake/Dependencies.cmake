# Every third-party dependency is found here, from Debian packages (scripts/setup.sh installs them).

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
# page faults of 4 KB pages were a third of its time on this VM (docs/performance.md, "Fresh
# build of L: session 4").
# Linking it interposes malloc/free process-wide; without it the system allocator is used
# (slower). An executable with LOCUS_STATIC_STARTUP gets the static archive (no shared library to
# load, and libjemalloc.so would pull in libstdc++.so).
find_library(LOCUS_JEMALLOC_LIB NAMES jemalloc)
find_library(LOCUS_JEMALLOC_STATIC NAMES libjemalloc_pic.a)
add_library(locus_malloc INTERFACE)
if(LOCUS_JEMALLOC_LIB)
  if(LOCUS_JEMALLOC_STATIC)
    target_link_libraries(locus_malloc INTERFACE
      "$<IF:$<BOOL:$<TARGET_PROPERTY:LOCUS_STATIC_STARTUP>>,${LOCUS_JEMALLOC_STATIC};Threads::Threads;${CMAKE_DL_LIBS},${LOCUS_JEMALLOC_LIB}>")
  else()
    target_link_libraries(locus_malloc INTERFACE ${LOCUS_JEMALLOC_LIB})
  endif()
  target_link_options(locus_malloc INTERFACE LINKER:--no-as-needed)
else()
  message(STATUS "jemalloc not found: using the system allocator (slower builds)")
endif()
