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
# in trtc_asio and read in the reference client's handshakes, was one).
if(TRTC_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(TRTC_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
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
