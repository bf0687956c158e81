#!/bin/sh
# A client that says it is ready and then misbehaves as $1 says (adapter_lifetime tests):
#   hang          neither reads nor answers nor exits
#   stray         hangs, and leaves a process in a session of its own holding stdout open
#   exit          exits with status 3 mid-run, after a line on stderr
#   flood         writes well-formed events without end
#   garbage       writes lines that are not JSON without end
#   close-stdout  closes its stdout and keeps running
#   reset-silent  offers reset, then hangs: never acknowledges it
if [ "$1" = reset-silent ]; then
  echo '{"type":"ready","protocol":"trtc-conformance-adapter/1","reset":true}'
else
  echo '{"type":"ready","protocol":"trtc-conformance-adapter/1"}'
fi
# For a test that must know the client runs: its pid, through a FIFO the test reads.
[ -n "${MISBEHAVING_CLIENT_FIFO:-}" ] && echo $$ >"$MISBEHAVING_CLIENT_FIFO"
case "$1" in
  hang) exec sleep 300 ;;
  stray) (setsid sleep 30 &) ; exec sleep 300 ;;
  exit) echo "misbehaving_client: giving up" >&2; exit 3 ;;
  flood) exec yes '{"type":"event","name":"flood","data":{},"atMs":0}' ;;
  garbage) exec yes 'garbage' ;;
  close-stdout) exec sleep 300 >&- ;;
  reset-silent) exec sleep 300 ;;
esac
