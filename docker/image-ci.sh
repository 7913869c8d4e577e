#!/usr/bin/env bash
# Builds the tlsweep image with buildah (no daemon; --isolation chroot) on base images made from Debian packages
# (docker/base-images.sh; no image registry is needed), with this machine's Maven repository and CA certificates
# mounted into the build stage, then runs the image: `tlsweep scan` of a loopback `openssl s_server` must find
# exactly TLS 1.2 and 1.3, and `tlsweep serve` must answer /-/healthy (through the image's own HEALTHCHECK
# command). Chroot isolation shares the host's network namespace, so loopback is the host's.
# Prints how long each step took. Run as root from the repository root:  bash docker/image-ci.sh
set -euo pipefail
cd "$(dirname "$0")/.."
image=localhost/tlsweep:ci
work=$(mktemp -d)
container=""
server_pid=""
serve_pid=""
http_port=""
# Stops tlsweep serve in the image: killing `buildah run` alone leaves the JVM it started running, reparented to
# init, so the JVM is found by its command line (its --listen port is this run's own) and waited for, a few seconds.
stop_serve() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  [ -n "$http_port" ] || return 0
  local pattern=" serve --inventory /etc/tlsweep/inventory.txt --listen 127.0.0.1:$http_port\$"
  pkill -f -- "$pattern" 2>/dev/null || true
  for _ in $(seq 50); do
    pgrep -f -- "$pattern" >/dev/null || return 0
    sleep 0.2
  done
  pkill -KILL -f -- "$pattern" 2>/dev/null || true
  ! pgrep -f -- "$pattern" >/dev/null
}
cleanup() {
  stop_serve || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$container" ] && buildah rm "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

t0=$(now)
read -r build_image runtime_image < <(bash docker/base-images.sh)
echo "image: base images $build_image $runtime_image ($(took "$t0") s)"

repo="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
t0=$(now)
buildah build --quiet --isolation chroot --format docker --layers \
  --build-arg BUILD_IMAGE="$build_image" --build-arg RUNTIME_IMAGE="$runtime_image" \
  --build-arg MAVEN_FLAGS=-o --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  -v "$repo:/root/.m2/repository" -v /etc/ssl/certs:/etc/ssl/certs:ro \
  -f docker/Dockerfile -t "$image" . >/dev/null
echo "image: built $image ($(took "$t0") s; $(buildah images --format '{{.Size}}' "$image"))"
buildah inspect --type image --format '{{.Docker.Config.Healthcheck.Test}}' "$image" | grep -q tlsweep-healthcheck \
  || { echo "image: no HEALTHCHECK in $image" >&2; exit 1; }

# A loopback TLS server that speaks only TLS 1.2 and 1.3.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 90 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
port=$(free_port)
openssl s_server -quiet -accept "127.0.0.1:$port" -cert "$work/cert.pem" -key "$work/key.pem" \
  -min_protocol TLSv1.2 -max_protocol TLSv1.3 -www </dev/null >"$work/s_server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

container=$(buildah from --quiet "$image")
t0=$(now)
set +e
buildah run --isolation chroot "$container" -- tlsweep scan --json --timeout 3 "127.0.0.1:$port" >"$work/report.json"
code=$?
set -e
accepted=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(p["version"] for p in r["protocols"] if p["accepted"]))' "$work/report.json")
echo "image: tlsweep scan in the image: exit $code, accepted: $accepted ($(took "$t0") s)"
if [ "$accepted" != "TLSv1.2 TLSv1.3" ]; then
  echo "image: expected TLSv1.2 TLSv1.3; report: $(cat "$work/report.json")" >&2
  exit 1
fi

# tlsweep serve in the image, its health answered to the image's own HEALTHCHECK command.
printf '127.0.0.1:%s\n' "$port" >"$work/inventory.txt"
chmod 755 "$work"; chmod 644 "$work/inventory.txt"
http_port=$(free_port)
buildah run --isolation chroot -v "$work:/etc/tlsweep:ro" "$container" -- timeout 120 \
  tlsweep serve --inventory /etc/tlsweep/inventory.txt --listen "127.0.0.1:$http_port" >"$work/serve.log" 2>&1 &
serve_pid=$!
t0=$(now)
healthy=""
for _ in $(seq 120); do
  if buildah run --isolation chroot "$container" -- tlsweep-healthcheck "$http_port" 2>/dev/null; then
    healthy=yes
    break
  fi
  sleep 0.5
done
if [ -z "$healthy" ]; then
  echo "image: tlsweep serve did not answer /-/healthy; its log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
echo "image: tlsweep serve in the image answers /-/healthy ($(took "$t0") s)"
t0=$(now)
stop_serve || { echo "image: tlsweep serve in the image did not stop" >&2; exit 1; }
echo "image: tlsweep serve stopped, no process of it left ($(took "$t0") s)"
echo "image: ok"
