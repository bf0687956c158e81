#include <boost/asio/ssl/context.hpp>

#include "harness/servers/server_internals.h"
#include "harness/webrtc/certificate.h"

namespace trtc::servers {

bool ConfigureTls(net::ssl::context& context, const std::string& cert_file, const std::string& key_file,
                  std::string& error) {
  boost::system::error_code ec;
  if (!cert_file.empty()) {
    context.use_certificate_chain_file(cert_file, ec);
    if (!ec) context.use_private_key_file(key_file, net::ssl::context::pem, ec);
    if (ec) error = "cannot load the TLS certificate or key: " + ec.message();
    return !ec;
  }
  auto generated = webrtc::GenerateSelfSigned();
  if (!generated) {
    error = "cannot generate a self-signed certificate";
    return false;
  }
  context.use_certificate_chain(net::buffer(generated->certificate), ec);
  if (!ec) context.use_private_key(net::buffer(generated->private_key), net::ssl::context::pem, ec);
  if (ec) error = "cannot use the generated certificate: " + ec.message();
  return !ec;
}

}  // namespace trtc::servers
