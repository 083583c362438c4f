#!/usr/bin/env bash
# Runs every test of Bridge: installs the real SIP peers the interop tests drive (Debian packages),
# restores and builds in Release, runs unit, scenario and interop tests, and ends with one line:
#   N passed, N failed, N skipped
# A missing peer is a failure (the interop tests look for the real binaries and fail without them).
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

# command -> Debian package that provides it
declare -A PEERS=(
  [sipp]=sip-tester [kamailio]=kamailio [sipsak]=sipsak [baresip]=baresip-core
  [linphonec]=linphone-cli [svwar]=sipvicious [espeak-ng]=espeak-ng [sox]=sox
  [tshark]=tshark [ffmpeg]=ffmpeg [systemd-analyze]=systemd [openssl]=openssl [ip]=iproute2 [promtool]=prometheus
  [chromium]=chromium
  [dnsmasq]=dnsmasq-base
  [glewlwyd]=glewlwyd
  [lintian]=lintian [dpkg-deb]=dpkg [setpriv]=util-linux [useradd]=passwd [zip]=zip [unzip]=unzip [strip]=binutils
)
missing=()
for cmd in "${!PEERS[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${PEERS[$cmd]}"); done
[ -e /usr/lib/x86_64-linux-gnu/libsrtp2.so.1 ] || ldconfig -p 2>/dev/null | grep -q 'libsrtp2.so.1' || missing+=(libsrtp2-1)
# The bridge's Opus codec (native libopus; the tests of both Opus implementations need it).
ldconfig -p 2>/dev/null | grep -q 'libopus.so.0' || missing+=(libopus0)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing test peers: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2 || log "apt-get update failed"
  $SUDO apt-get install -y -qq "${missing[@]}" >&2 || log "apt-get install failed: the interop tests will fail"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=$(mktemp -d)
# Every bridge the interop tests start keeps its data directory (and so its logs) here.
export BRIDGE_TEST_LOG_ROOT="$results/bridge-runs"

log "building Bridge.sln (Release)"
phase_start=$SECONDS
if ! dotnet build Bridge.sln -c Release -nologo -v q >"$results/build.log" 2>&1; then
  cat "$results/build.log" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

run_tests() { # project, extra args...
  local project=$1; shift
  local name; name=$(basename "$project" .csproj)
  log "running $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" 2>&1 | tee "$results/$name.log" >&2
}

log "built in $((SECONDS - phase_start)) s"
phase_start=$SECONDS
# Unit and scenario tests first, BRIDGE_TEST_JOBS projects at a time (default: the number of cores; they bind only
# ports the kernel picks). Each project's output is kept and shown whole, in the order of the list, once it has ended.
unit_jobs=${BRIDGE_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
mapfile -t unit < <(find tests -name '*.Tests.csproj' ! -name 'Bridge.Interop.Tests.csproj' | sort)
unit_pids=()
for p in "${unit[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$unit_jobs" ]; do wait -n; done
  name=$(basename "$p" .csproj)
  dotnet test "$p" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" >"$results/$name.log" 2>&1 &
  unit_pids+=($!)
done
for i in "${!unit[@]}"; do
  wait "${unit_pids[$i]}"
  log "ran $(basename "${unit[$i]}" .csproj)"
  cat "$results/$(basename "${unit[$i]}" .csproj).log" >&2
done
log "unit and scenario tests took $((SECONDS - phase_start)) s ($unit_jobs at a time)"
phase_start=$SECONDS
# Then the interop tests against real peers (they own fixed loopback ports: one project, one test at a time).
run_tests tests/Bridge.Interop.Tests/Bridge.Interop.Tests.csproj
log "interop tests took $((SECONDS - phase_start)) s"

passed=0; failed=0; skipped=0; ran=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # The trx Counters leave notExecuted at 0 for skipped xunit tests (static or SkippableFact): count what did not execute.
  skipped=$((skipped + $(get notExecuted) + $(get total) - $(get executed)))
  ran=$((ran + 1))
done
# Privacy (issue #5): no log of the whole run may hold a test PIN, an SRTP key, a PIN hash or a full
# caller name. The test phones' From users are phoneNNNNN, mallory01, alice0042; logs must show ***NNN.
logs=$(find "$BRIDGE_TEST_LOG_ROOT" -type f \( -name 'console.log' -o -name 'bridge-*.log' \) 2>/dev/null)
log_count=$(printf '%s\n' "$logs" | grep -c . || true)
if [ "$log_count" -lt 3 ]; then
  log "privacy check: only $log_count bridge logs were written; the check cannot pass on nothing"
  failed=$((failed + 1))
elif leaks=$(printf '%s\n' "$logs" | xargs grep -nE '246810|135791|112358|314159|864213|inline:|pbkdf2-sha256\$|phone[0-9]{5}|mallory01|alice0042' 2>/dev/null | head -5) && [ -n "$leaks" ]; then
  log "privacy check FAILED: secrets or full caller names in the logs:"
  printf '%s\n' "$leaks" >&2
  failed=$((failed + 1))
else
  log "privacy check passed: $log_count bridge logs hold no PIN, key or full caller name"
  passed=$((passed + 1))
fi

expected=$(find tests -name '*.Tests.csproj' | wc -l)
if [ "$ran" -lt "$expected" ]; then
  log "only $ran of $expected test projects produced results"
  failed=$((failed + expected - ran))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
