# Shared by the .ci/mock-* scripts: start the mock in the background and
# read the address it bound. Usage: start_mock WORK_DIR BINARY ARGS...
# Sets $base and $mock (the pid, ended by the caller's trap).
start_mock() {
  local work="$1" bin="$2"
  shift 2
  "$bin" --addr 127.0.0.1:0 --watch-ms 0 "$@" >"$work/mock.out" 2>"$work/mock.err" &
  mock=$!
  for _ in $(seq 1 200); do
    grep -q 'listening on' "$work/mock.out" 2>/dev/null && break
    kill -0 "$mock" 2>/dev/null || break
    sleep 0.1
  done
  base=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/mock.out")
  if [ -z "$base" ]; then
    echo "mock did not start"
    cat "$work/mock.err"
    return 1
  fi
}
