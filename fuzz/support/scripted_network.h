// An in-memory stand-in for the reference client's network (harness/reference_client/net.h),
// linked instead of net.cc by the client_mapping fuzz target: no sockets, no threads. The
// loop runs posted tasks at once (a trampoline), and every WebSocket connect, frame sent,
// HTTP call and STUN datagram takes the server's answer from a script.
#pragma once

#include <deque>
#include <string>

namespace trtc::fuzz {

// What the scripted server says, one line per thing the client sends, in order:
//   !refuse      the next connect fails (checked at each connect; not consumed otherwise),
//                or the next HTTP call gets no answer
//   !silent      no answer to this frame / datagram
//   !close N     the server closes this WebSocket with code N
//   anything else: frames sent back, separated by tabs; {seq} is the seq of the client's
//                frame; a HTTP body; a STUN datagram, {stun} a binding success for it
// When the script runs out, nothing more is answered.
struct ServerScript {
  std::deque<std::string> lines;
};

// The script the network reads; one at a time, set by the fuzz target for each input.
void SetServerScript(ServerScript* script);

}  // namespace trtc::fuzz
