// The signaling server: WebSocket (ws and wss) sessions, each on its own strand, carrying
// frames between the JSON codec and the service's Session logic, with the fault engine
// consulted at connect and at every request.
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "harness/servers/server_internals.h"
#include "harness/servers/ws_fault_plan.h"
#include "harness/usersig/codec.h"
#include "harness/wire/json_codec.h"
#include "harness/wire/vendor_web_v4.h"

namespace trtc::servers {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using boost::system::error_code;

constexpr std::size_t kKeptReadBuffer = 4096;

// The non-template face of a session, for the service's Outbox.
class SessionCore {
 public:
  virtual ~SessionCore() = default;
  virtual void Deliver(wire::ServerMessage message) = 0;  // on the strand
  virtual void CloseWith(wire::CloseCode code, std::string reason) = 0;
  virtual net::any_io_executor executor() = 0;
};

class OutboxBridge : public service::Outbox {
 public:
  explicit OutboxBridge(std::weak_ptr<SessionCore> core, net::any_io_executor executor)
      : core_(std::move(core)), executor_(std::move(executor)) {}
  // dispatch, not post: a response is sent from the session's own strand, so it is
  // written at once instead of taking another trip through the event loop.
  void Send(wire::ServerMessage message) override {
    net::dispatch(executor_, [core = core_, message = std::move(message)]() mutable {
      if (auto c = core.lock()) c->Deliver(std::move(message));
    });
  }
  void Close(wire::CloseCode code, std::string reason) override {
    net::post(executor_, [core = core_, code, reason = std::move(reason)]() mutable {
      if (auto c = core.lock()) c->CloseWith(code, std::move(reason));
    });
  }

 private:
  std::weak_ptr<SessionCore> core_;
  net::any_io_executor executor_;
};

template <class Ws>
class WsSession : public SessionCore, public std::enable_shared_from_this<WsSession<Ws>> {
 public:
  template <class... Args>
  WsSession(SharedState& shared, std::uint64_t connection, const std::string& server, const LogicFactory& factory,
            Args&&... args)
      : ws_(std::forward<Args>(args)...),
        shared_(shared),
        connection_(connection),
        server_(server),
        factory_(factory),
        recorder_(std::make_shared<FrameRecorder>(&shared.changed)),
        heartbeat_(ws_.get_executor(), shared.clock),
        delay_(ws_.get_executor(), shared.clock) {}

  ~WsSession() override {
    shared_.clock.Unsubscribe(clock_subscription_);
    shared_.registry.Remove(connection_);
    recorder_->MarkSettled();  // after Remove: a settle that saw this session waits no longer
    shared_.live_sessions.fetch_sub(1);
  }

  void Run() {
    net::dispatch(ws_.get_executor(), [self = this->shared_from_this()] { self->Handshake(); });
  }

  net::any_io_executor executor() override { return ws_.get_executor(); }

  void Deliver(wire::ServerMessage message) override {
    if (auto* response = std::get_if<wire::Response>(&message))
      JournalAnswer(response->request_type, response->code);
    else if (auto* error = std::get_if<wire::ProtocolError>(&message))
      JournalAnswer("protocol-error", static_cast<int>(error->code));
    std::string text;
    if (vendor_) {
      auto encoded = vendor_->Encode(message);
      if (!encoded) return;  // the SDK has no frame for it (docs/vendor-protocol.md)
      text = std::move(*encoded);
    } else {
      text = wire::Encode(message);
    }
    if (auto* response = std::get_if<wire::Response>(&message); response && truncate_seq_ == response->seq) {
      text.resize(text.size() / 2);
      truncate_seq_.reset();
    }
    Write(std::move(text));
  }

  void CloseWith(wire::CloseCode code, std::string reason) override {
    Close(static_cast<std::uint16_t>(code), std::move(reason));
  }

 private:
  void Handshake() {
    if constexpr (requires { ws_.next_layer().async_handshake(net::ssl::stream_base::server, [](error_code) {}); }) {
      beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
      ws_.next_layer().async_handshake(net::ssl::stream_base::server, [self = this->shared_from_this()](error_code ec) {
        if (!ec) self->Accept();
      });
    } else {
      Accept();
    }
  }

  // The upgrade request is read first: its path chooses the wire format (the vendor SDK's
  // on wire::vendor::kPath) and its query is how that SDK signs in.
  void Accept() {
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    http::async_read(ws_.next_layer(), buffer_, upgrade_,
                     [self = this->shared_from_this()](error_code ec, std::size_t) {
                       if (!ec) self->AcceptUpgrade();
                     });
  }

  void AcceptUpgrade() {
    buffer_.consume(buffer_.size());  // a client sends nothing before the 101: nothing to keep
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(wire::kHardFrameLimit);
    ws_.async_accept(upgrade_, [self = this->shared_from_this()](error_code ec) {
      if (!ec) self->Start();
    });
  }

  void Start() {
    std::weak_ptr<WsSession> weak = this->shared_from_this();
    auto executor = ws_.get_executor();
    shared_.registry.Add(connection_, server_, recorder_, [weak, executor] {
      net::post(executor, [weak] {
        if (auto self = weak.lock()) self->PingToSettle();
      });
    });
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::pong) OnPong();
    });
    clock_subscription_ = shared_.clock.Subscribe([weak, executor] {
      net::post(executor, [weak] {
        if (auto self = weak.lock()) self->OnClockMoved();
      });
    });
    // Done with the upgrade request once its target is kept: an idle session holds no headers.
    const std::string target(upgrade_.target());
    upgrade_ = {};
    if (Refused()) return;
    // The path chooses the wire format before anything is sent, faults on connect included.
    const auto question = target.find('?');
    if (std::string_view(target).substr(0, question) == wire::vendor::kPath) vendor_.emplace("", false);
    shared_.journal.Record(JournalEntry(shared_.clock, journal::Kind::kConnect, server_, connection_));
    outbox_ = std::make_shared<OutboxBridge>(this->weak_from_this(), ws_.get_executor());
    logic_ = factory_(shared_.service, outbox_);
    Touch();
    if (auto fired = Fault("connect", "")) {
      if (!ApplyBefore(*fired, nullptr)) return;  // the action took over (and reads on if it should)
    }
    if (vendor_)
      return OpenVendor(question == std::string::npos ? std::string_view()
                                                      : std::string_view(target).substr(question + 1));
    Read();
  }

  // The vendor SDK signs in through its URL: the hello its query stands for (and, on a
  // reconnection, the rejoin of its room) go through the journal, the fault engine and the
  // service like any request, and are answered with cmd 19 (and 514).
  void OpenVendor(std::string_view query) {
    auto parsed = wire::vendor::ParseConnectQuery(query);
    if (auto* error = std::get_if<wire::ProtocolError>(&parsed)) {
      Deliver(*error);
      return Close(static_cast<std::uint16_t>(wire::CloseCode::kPolicy), error->message);
    }
    auto& connect = std::get<wire::vendor::ConnectQuery>(parsed);
    vendor_.emplace(connect.hello.user_id, connect.rejoin.has_value());
    implied_.push_back({0, connect.hello});
    if (connect.rejoin) implied_.push_back({0, *connect.rejoin});
    ReceiveImplied();
  }

  void ReceiveImplied() {
    while (!implied_.empty()) {
      wire::ClientFrame frame = std::move(implied_.front());
      implied_.erase(implied_.begin());
      const auto* hello = std::get_if<wire::Hello>(&frame.request);
      if (!hello && logic_->user_id().empty()) break;  // signing in failed: no rejoin
      const std::string user = hello ? hello->user_id : logic_->user_id();
      JournalRequest(frame.request, user);
      auto fired = Fault(wire::TypeName(frame.request), user);
      if (fired && !ApplyBefore(*fired, &frame)) {
        // The action took over. A delay hands the request back later (Handle), and the
        // rest of the sign-in goes on from there; any other action ends it.
        if (fired->action.kind != faults::ActionKind::kDelay) implied_.clear();
        return;
      }
      HandleWithoutReading(frame);
    }
    Read();
  }

  bool Refused() {
    const bool full = shared_.live_sessions.load() > shared_.max_sessions;
    const bool refusing = shared_.clock.Now().count() < shared_.refuse_until_ms.load();
    if (!full && !refusing) return false;
    shared_.journal.Record(JournalEntry(shared_.clock, journal::Kind::kRefused, server_, connection_));
    Close(static_cast<std::uint16_t>(wire::CloseCode::kTryAgainLater),
          full ? "session limit reached" : "connections are refused for now");
    return true;
  }

  // Every path that has finished with a frame comes here to read the next one; while the
  // write queue is full it waits instead, and the write that makes room reads on.
  void Read() {
    if (closing_) return;
    if (writes_.full()) {
      reading_paused_ = true;
      return;
    }
    read_pending_ = true;
    ws_.async_read(buffer_, [self = this->shared_from_this()](error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(error_code ec) {
    read_pending_ = false;
    if (ec) return OnClosed(ec, "in");
    Touch();
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    // A large frame's buffer is not kept for an idle session (the next read prepares 1536
    // bytes, Beast's tcp_frame_size, whatever the buffer held).
    if (buffer_.capacity() > kKeptReadBuffer) buffer_.shrink_to_fit();
    recorder_->Record("in", shared_.clock.Now().count(), ws_.got_text() ? text : "(binary frame)");
    if (closing_) return;  // read before the close was decided; nothing more is acted on
    if (stalled_) return Read();
    if (!ws_.got_text()) {
      logic_->HandleProtocolError(
          {std::nullopt, wire::ProtocolErrorCode::kBinaryFrame, "", "binary frames are not accepted; send text"});
      return Read();
    }
    auto parsed = Parse(text);
    if (auto* local = std::get_if<wire::vendor::Local>(&parsed)) {
      JournalLocal(local->cmd);
      if (local->reply) Write(std::move(*local->reply));
      return Read();
    }
    if (auto* error = std::get_if<wire::ProtocolError>(&parsed)) {
      logic_->HandleProtocolError(std::move(*error));
      return Read();
    }
    auto& frame = std::get<wire::ClientFrame>(parsed);
    std::string user = logic_->user_id();
    if (user.empty())
      if (auto* hello = std::get_if<wire::Hello>(&frame.request)) user = hello->user_id;
    JournalRequest(frame.request, user);
    auto fired = Fault(wire::TypeName(frame.request), user);
    if (fired && !ApplyBefore(*fired, &frame)) return;
    Handle(frame);
  }

  wire::vendor::Parsed Parse(std::string_view text) {
    if (vendor_) return vendor_->Parse(text);
    auto parsed = wire::ParseClientFrame(text, logic_->endpoint());
    if (auto* error = std::get_if<wire::ProtocolError>(&parsed)) return std::move(*error);
    return std::move(std::get<wire::ClientFrame>(parsed));
  }

  // Handles a request, then reads on (or goes on with what the vendor URL stands for).
  void Handle(const wire::ClientFrame& frame) {
    HandleWithoutReading(frame);
    if (!implied_.empty()) return ReceiveImplied();
    Read();
  }

  void HandleWithoutReading(const wire::ClientFrame& frame) {
    // Before handling: the answer may be on the wire before Handle returns, and whoever
    // reads the session list after it must see who the session is.
    if (const auto* hello = std::get_if<wire::Hello>(&frame.request); hello && logic_->user_id().empty())
      recorder_->SetUser(hello->user_id);
    logic_->Handle(frame);
  }

  // A vendor frame the connection deals with itself (quality reports, the user list).
  void JournalLocal(const std::string& cmd) {
    auto entry = JournalEntry(shared_.clock, journal::Kind::kRequest, server_, connection_);
    entry.type = cmd;
    entry.user = logic_->user_id();
    shared_.journal.Record(std::move(entry));
  }

  // The journal's record of a request: who, with which token (fingerprint), for which room.
  void JournalRequest(const wire::Request& request, const std::string& user) {
    auto entry = JournalEntry(shared_.clock, journal::Kind::kRequest, server_, connection_);
    entry.type = wire::TypeName(request);
    entry.user = user;
    if (const auto* hello = std::get_if<wire::Hello>(&request))
      entry.token = usersig::TokenFingerprint(hello->user_sig);
    if (const auto* join = std::get_if<wire::Join>(&request)) {
      entry.room = wire::RoomIdText(join->room_id);
      entry.token = usersig::TokenFingerprint(join->private_map_key.value_or(""));
    }
    if (const auto* role = std::get_if<wire::SwitchRole>(&request))
      entry.token = usersig::TokenFingerprint(role->private_map_key.value_or(""));
    shared_.journal.Record(std::move(entry));
  }

  void JournalAnswer(std::string type, int code) {
    auto entry = JournalEntry(shared_.clock, journal::Kind::kAnswer, server_, connection_);
    entry.type = std::move(type);
    entry.user = logic_ ? logic_->user_id() : std::string();
    entry.code = code;
    shared_.journal.Record(std::move(entry));
  }

  void JournalEnd(journal::Kind kind, std::optional<int> code) {
    auto entry = JournalEntry(shared_.clock, kind, server_, connection_);
    entry.user = logic_ ? logic_->user_id() : std::string();
    entry.code = code;
    shared_.journal.Record(std::move(entry));
  }

  // The client ended the session: with a close frame (its code in the journal, code and
  // reason in the frames), or the connection broke (the error in the frames).
  void JournalGone(const error_code& ec, std::string_view direction) {
    const auto now = shared_.clock.Now().count();
    if (ec != websocket::error::closed) {
      recorder_->Record(std::string(direction), now, "(error " + ec.message() + ")");
      return JournalEnd(journal::Kind::kGone, std::nullopt);
    }
    const auto& why = ws_.reason();
    // A close frame without a code: 1005, as RFC 6455 (7.1.5) reports it.
    const int code = why.code == websocket::close_code::none ? 1005 : static_cast<int>(why.code);
    std::string text = "(close " + std::to_string(code);
    if (!why.reason.empty()) text += " " + std::string(why.reason.data(), why.reason.size());
    recorder_->Record("in", now, text + ")");
    JournalEnd(journal::Kind::kGone, code);
  }

  std::optional<faults::Fired> Fault(std::string_view on, std::string_view user) {
    return shared_.faults.Match({server_, on, user, connection_, shared_.clock.Now().count()});
  }

  // Carries out what a fault that fired decided (ws_fault_plan.h) before the frame, if any,
  // is handled. Returns true when the caller should go on handling the frame now; false
  // when the plan took over.
  bool ApplyBefore(const faults::Fired& fired, const wire::ClientFrame* frame) {
    const WsFaultPlan plan = PlanWsFault(fired, frame);
    if (plan.deliver) Deliver(*plan.deliver);
    if (plan.raw_text) Write(*plan.raw_text);
    if (plan.stall) stalled_ = true;
    if (plan.truncate_seq) truncate_seq_ = plan.truncate_seq;
    if (plan.throttle_bytes_per_second) {
      bytes_per_second_ = *plan.throttle_bytes_per_second;
      link_free_at_ = clock::Millis(fired.at_ms);
      throttle_fresh_ = true;
    }
    if (plan.move_clock_ms != 0) shared_.clock.Advance(clock::Millis(plan.move_clock_ms));
    if (plan.refuse_for_ms) shared_.refuse_until_ms.store(shared_.clock.Now().count() + *plan.refuse_for_ms);
    switch (plan.link) {
      case WsFaultPlan::Link::kClose:
        Close(plan.close_code, plan.close_reason);
        return false;
      case WsFaultPlan::Link::kReset:
        Reset();
        return false;
      case WsFaultPlan::Link::kReadOn:
        break;
    }
    switch (plan.request) {
      case WsFaultPlan::Request::kHandle:
        return true;
      case WsFaultPlan::Request::kHold:
        // While a request is held nothing is being read, so the wait keeps the session.
        delay_.ExpireAt(
            clock::Millis(plan.hold_until_ms), [this, f = *frame] { Handle(f); }, this->weak_from_this());
        return false;
      case WsFaultPlan::Request::kDiscard:
        Read();
        return false;
    }
    return true;
  }

  // Heartbeat: any frame from the client counts as life.
  void Touch() {
    last_activity_ = shared_.clock.Now();
    if (!heartbeat_armed_) ArmHeartbeat();
  }

  void ArmHeartbeat() {
    heartbeat_armed_ = true;
    auto deadline = last_activity_ + clock::Millis(logic_->idle_timeout_ms());
    heartbeat_.ExpireAt(deadline, [weak = this->weak_from_this()] {
      if (auto self = weak.lock()) self->OnHeartbeatTimer();
    });
  }

  // Idle for the logic's timeout (heartbeat or media): the logic decides how to close.
  void OnHeartbeatTimer() {
    heartbeat_armed_ = false;
    if (shared_.clock.Now() - last_activity_ >= clock::Millis(logic_->idle_timeout_ms())) return logic_->OnIdle();
    ArmHeartbeat();
  }

  void OnClockMoved() {
    heartbeat_.Rearm();
    delay_.Rearm();
    if (throttle_timer_) throttle_timer_->Rearm();
  }

  void Write(std::string text) {
    if (closing_) return;
    if (writes_.WouldOverflow(text.size())) {
      // Posted: Write may run inside the session logic, which the reset ends.
      closing_ = true;
      return net::post(ws_.get_executor(), [self = this->shared_from_this()] {
        self->Reset("the client does not read: its write queue is full");
      });
    }
    recorder_->Record("out", shared_.clock.Now().count(), text);
    writes_.Push(std::move(text), shared_.clock.Now());
    recorder_->SetQueued(writes_.size());
    if (writes_.size() == 1) WriteNext();
  }

  // Writes the queue's front; when the queue is empty, sends the close that waited for it.
  void WriteNext() {
    if (closed_) return;
    if (writes_.empty()) {
      if (settle_ping_wanted_) SendSettlePing();
      if (pending_close_ && !ping_writing_) SendClose();
      return;
    }
    if (bytes_per_second_ > 0 && !throttle_waited_) return WaitForThrottledLink();
    throttle_waited_ = false;
    ws_.text(true);
    ws_.async_write(net::buffer(writes_.front().text), [self = this->shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->OnClosed(ec, "out");
      self->OnWritten();
    });
  }

  void OnWritten() {
    writes_.Pop();
    recorder_->SetQueued(writes_.size());
    if (reading_paused_ && !writes_.full()) {
      reading_paused_ = false;
      Read();
    }
    WriteNext();
  }

  // Throttled: the link sends bytes_per_second (server time); a frame leaves once the
  // frames before it have and not before it was queued. The first frame counts from when
  // the throttle began, even if the clock moved before it was queued (the answer to the
  // request that began it).
  void WaitForThrottledLink() {
    const auto& frame = writes_.front();
    auto ms = static_cast<std::int64_t>(frame.text.size() * 1000 / bytes_per_second_);
    const auto start = throttle_fresh_ ? link_free_at_ : std::max(link_free_at_, frame.queued_at);
    throttle_fresh_ = false;
    link_free_at_ = start + clock::Millis(ms);
    throttle_waited_ = true;
    throttle_timer_.emplace(ws_.get_executor(), shared_.clock);
    throttle_timer_->ExpireAt(
        link_free_at_, [this] { WriteNext(); }, this->weak_from_this());
  }

  // The close follows the frames already queued (a burst of answers before a 1008 must all
  // arrive, RFC 6455 sends nothing after a close); nothing queued after it is sent.
  void Close(std::uint16_t code, std::string reason) {
    if (closing_ || closed_) return;
    closing_ = true;
    JournalEnd(journal::Kind::kClosed, code);
    recorder_->Record("out", shared_.clock.Now().count(), "(close " + std::to_string(code) + " " + reason + ")");
    pending_close_.emplace(static_cast<websocket::close_code>(code), reason);
    if (writes_.empty() && !ping_writing_) SendClose();
  }

  // ServerSet::Settle: a ping after the frames already queued; its pong comes back once the
  // client has read them all. A session that is not reading (its queue full, a request held)
  // or is closing has nothing to wait for.
  void PingToSettle() {
    if (closing_ || closed_ || !read_pending_) return recorder_->MarkSettled();
    settle_ping_wanted_ = true;
    // A throttled link drains only as the server clock moves: the ping goes now, after what
    // has been written.
    if (writes_.empty() || bytes_per_second_ > 0) SendSettlePing();
  }

  // Beast allows a ping beside a write, but not beside another ping or a close: those wait
  // until it is written (here, or in WriteNext when the queue empties).
  void SendSettlePing() {
    if (ping_writing_) return;
    settle_ping_wanted_ = false;
    settle_pongs_wanted_ += 1;
    ping_writing_ = true;
    ws_.async_ping({}, [self = this->shared_from_this()](error_code ec) {
      self->ping_writing_ = false;
      if (ec) {  // no pong will come: the session is ending
        self->settle_ping_wanted_ = false;
        self->OnPong();
      }
      if (!self->writes_.empty()) return;
      if (self->settle_ping_wanted_) return self->SendSettlePing();
      if (self->pending_close_) self->SendClose();
    });
  }

  void OnPong() {
    if (settle_pongs_wanted_ == 0) return;  // a pong the client sent unasked
    settle_pongs_wanted_ -= 1;
    recorder_->MarkSettled();
  }

  void SendClose() {
    websocket::close_reason why = *std::exchange(pending_close_, std::nullopt);
    ws_.async_close(why, [self = this->shared_from_this()](error_code) { self->OnClosed({}, ""); });
  }

  void Reset(std::string_view why = "") {
    closing_ = true;
    JournalEnd(journal::Kind::kClosed, 0);
    recorder_->Record("out", shared_.clock.Now().count(),
                      why.empty() ? "(reset)" : "(reset: " + std::string(why) + ")");
    error_code ignored;
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.set_option(net::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
    OnClosed({}, "");
  }

  // The session is over: `ec` is what ended it when it came from the connection (read or
  // written, `direction`) rather than from the server's own close or reset.
  void OnClosed(error_code ec, std::string_view direction) {
    if (closed_) return;
    closed_ = true;
    recorder_->MarkSettled();  // nothing more will be read: a settle need not wait
    if (!closing_ && logic_) JournalGone(ec, direction);
    heartbeat_.Cancel();
    delay_.Cancel();
    if (throttle_timer_) throttle_timer_->Cancel();
    if (logic_) logic_->OnClosed();
  }

  Ws ws_;
  SharedState& shared_;
  const std::uint64_t connection_;
  const std::string server_;  // "signaling" or "media"
  const LogicFactory factory_;
  std::shared_ptr<FrameRecorder> recorder_;
  std::shared_ptr<OutboxBridge> outbox_;
  std::unique_ptr<service::SessionLogic> logic_;
  beast::flat_buffer buffer_;
  http::request<http::empty_body> upgrade_;
  std::optional<wire::vendor::Connection> vendor_;  // set when the client speaks the vendor SDK's format
  std::vector<wire::ClientFrame> implied_;          // what the vendor URL stands for, not yet handled
  WriteQueue writes_;
  std::optional<websocket::close_reason> pending_close_;  // sent once writes_ is empty
  ClockTimer heartbeat_;
  ClockTimer delay_;
  std::optional<ClockTimer> throttle_timer_;
  clock::Millis last_activity_{0};
  std::uint64_t clock_subscription_ = 0;
  std::optional<std::uint32_t> truncate_seq_;
  std::uint64_t bytes_per_second_ = 0;
  clock::Millis link_free_at_{0};
  bool throttle_fresh_ = false;
  bool throttle_waited_ = false;
  bool heartbeat_armed_ = false;
  bool stalled_ = false;
  bool reading_paused_ = false;  // the write queue was full: the write that makes room reads on
  bool read_pending_ = false;
  bool settle_ping_wanted_ = false;  // sent once writes_ is empty
  bool ping_writing_ = false;
  int settle_pongs_wanted_ = 0;
  bool closing_ = false;
  bool closed_ = false;
};

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<net::ssl::stream<beast::tcp_stream>>;

// Starts a session for each accepted connection.
class SessionLauncher {
 public:
  SessionLauncher(SharedState& shared, net::ssl::context* tls, std::string server, LogicFactory factory)
      : shared_(shared), tls_(tls), server_(std::move(server)), factory_(std::move(factory)) {}

  void operator()(tcp::socket socket) const {
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // small frames must not wait for Nagle
    std::uint64_t connection = shared_.connections.fetch_add(1) + 1;
    shared_.live_sessions.fetch_add(1);
    if (tls_)
      std::make_shared<WsSession<TlsWs>>(shared_, connection, server_, factory_, std::move(socket), *tls_)->Run();
    else
      std::make_shared<WsSession<PlainWs>>(shared_, connection, server_, factory_, std::move(socket))->Run();
  }

 private:
  SharedState& shared_;
  net::ssl::context* tls_;
  std::string server_;
  LogicFactory factory_;
};

}  // namespace

std::uint16_t StartWebSocketListener(net::io_context& io, const tcp::endpoint& endpoint, SharedState& shared,
                                     net::ssl::context* tls, std::string server, LogicFactory logic,
                                     std::string& error) {
  std::string name = tls ? server + "-tls" : server;
  return StartTcpListener(io, endpoint, std::move(name),
                          SessionLauncher(shared, tls, std::move(server), std::move(logic)), error);
}

}  // namespace trtc::servers
