# Compiler options shared by every target of the project, as one interface library.
add_library(trtc_options INTERFACE)
target_compile_options(trtc_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                              -Wnon-virtual-dtor -Wconversion -Wsign-conversion
                                              # Aggregates with default member initialisers
                                              # are meant to be partly initialised.
                                              -Wno-missing-field-initializers)
if(TRTC_WERROR)
  target_compile_options(trtc_options INTERFACE -Werror)
endif()
# Sanitizers instrument every target, not only those linking trtc_options: Asio and Beast
# are compiled once in trtc_asio (Boost's own warnings kept out), and ThreadSanitizer reports
# races that are not there when half of a program is instrumented (Beast's PRNG seed, set
# in trtc_asio and read in the reference client's handshakes, was one). The installed
# trtc_options carries them, so a program built on the package links the sanitizer's runtime.
if(TRTC_SANITIZE)
  set(_trtc_sanitizer_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
elseif(TRTC_TSAN)
  set(_trtc_sanitizer_flags -fsanitize=thread -fno-omit-frame-pointer)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12)
    # GCC 12 warns (-Wtsan) at every atomic_thread_fence, thousands of lines for Asio's
    # std_fenced_block alone: ThreadSanitizer does not model fences. No plain data here
    # is ordered by a fence alone (ChangeSignal's fences order atomics and mutexes), so
    # the warning says nothing about this code.
    add_compile_options(-Wno-tsan)
  endif()
endif()
if(_trtc_sanitizer_flags)
  add_compile_options(${_trtc_sanitizer_flags})
  add_link_options(${_trtc_sanitizer_flags})
  target_compile_options(trtc_options INTERFACE "$<INSTALL_INTERFACE:${_trtc_sanitizer_flags}>")
  target_link_options(trtc_options INTERFACE "$<INSTALL_INTERFACE:${_trtc_sanitizer_flags}>")
endif()
# OSS-Fuzz and ClusterFuzzLite give the engine ($LIB_FUZZING_ENGINE) and the sanitizer flags
# (CFLAGS/CXXFLAGS) themselves: with TRTC_FUZZING_ENGINE set, the project adds none of its own.
set(TRTC_FUZZING_ENGINE "" CACHE STRING "Fuzz targets link this instead of -fsanitize=fuzzer (.clusterfuzzlite/build.sh)")
if(TRTC_FUZZ AND NOT TRTC_FUZZING_ENGINE)
  # Libraries get coverage instrumentation; fuzz executables add -fsanitize=fuzzer.
  set(_trtc_fuzz -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_compile_options(trtc_options INTERFACE ${_trtc_fuzz})
  target_link_options(trtc_options INTERFACE -fsanitize=address,undefined)
endif()

# trtc_add_test(NAME src... LIBS lib...): one GoogleTest executable, registered with CTest.
function(trtc_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} trtc_options GTest::gmock_main)
  target_compile_definitions(${name} PRIVATE TRTC_FIXTURES_DIR="${TRTC_FIXTURES_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST)
endfunction()
