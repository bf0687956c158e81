#include <iostream>

#include "harness/cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return trtc::cli::RunCli(args, std::cout, std::cerr);
}
