# cmake -DINPUT=<file> -DOUTPUT=<file.cc> -DSYMBOL=<name> -P EmbedFile.cmake
# Writes a C++ source defining `extern const char SYMBOL[]` (NUL-terminated) and
# `extern const std::size_t SYMBOL##Size` with the file's bytes, as a raw string literal.
file(READ "${INPUT}" content)
set(delimiter "trtc_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
string(LENGTH "${content}" length)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedFile.cmake. Do not edit.\n"
  "#include <cstddef>\n"
  "extern const char ${SYMBOL}[];\n"
  "extern const std::size_t ${SYMBOL}Size;\n"
  "const char ${SYMBOL}[] = R\"${delimiter}(${content})${delimiter}\";\n"
  "const std::size_t ${SYMBOL}Size = sizeof(${SYMBOL}) - 1;\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
