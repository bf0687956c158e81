// A stand-in for libFuzzer's main in ordinary builds: runs LLVMFuzzerTestOneInput once on
// every file named on the command line or found (recursively) in a named directory, so
// corpora and regression inputs replay under g++ in the normal test run.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> InputsUnder(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> inputs;
  if (std::filesystem::is_regular_file(root)) return {root};
  if (!std::filesystem::is_directory(root)) return inputs;
  for (const auto& item : std::filesystem::recursive_directory_iterator(root)) {
    bool hidden = item.path().filename().string().starts_with(".");
    if (item.is_regular_file() && !hidden) inputs.push_back(item.path());
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& path : InputsUnder(argv[i])) {
      std::ifstream in(path, std::ios::binary);
      std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(data.data(), data.size());
      ++replayed;
    }
  }
  std::printf("replayed %zu inputs without a crash\n", replayed);
  return replayed > 0 ? 0 : 1;  // an empty corpus is a broken setup, not a pass
}
