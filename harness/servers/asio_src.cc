// Asio, Asio SSL and Beast in separate-compilation mode: their implementation is compiled
// once, here, instead of in every file that uses them (see trtc_asio in CMakeLists.txt).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
