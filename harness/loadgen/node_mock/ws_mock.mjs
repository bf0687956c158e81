// The Node comparator of trtc-bench (BENCHMARKS.md): what a user might write instead of
// trtc-conformance's server, a `ws` server answering the signaling frames with canned
// success and no checks at all. Prints its port, then serves until killed.
import { WebSocketServer } from 'ws';

const canned = {
  hello: () => ({}),
  join: () => ({ members: [] }),
  leave: () => ({}),
  heartbeat: () => ({}),
};

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });

server.on('connection', (socket) => {
  socket._socket.setNoDelay(true);
  socket.on('message', (raw, isBinary) => {
    if (isBinary) return;
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    const data = (canned[frame.type] ?? (() => ({})))();
    socket.send(
      JSON.stringify({ type: 'response', seq: frame.seq, request: frame.type, code: 0, message: '', data }),
    );
  });
});

server.on('listening', () => {
  process.stdout.write(`${server.address().port}\n`);
});
