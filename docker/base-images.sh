#!/usr/bin/env bash
# Makes the two base images the Dockerfile takes as build arguments from Debian packages, without an image
# registry: mmdebstrap writes a Debian 12 root file system from this machine's apt sources, `podman import`
# turns it into an image in the local container storage (shared with buildah). Each image is made once and
# kept; delete it (podman rmi) to make it anew.
#   docker/base-images.sh            # prints the two image names: BUILD_IMAGE RUNTIME_IMAGE
set -euo pipefail

suite=bookworm
sources=/etc/apt/sources.list.d/debian.sources
[ -r "$sources" ] || sources=/etc/apt/sources.list
build_image=localhost/tlsweep-base-jdk:17-$suite
runtime_image=localhost/tlsweep-base-jre:17-$suite
path_env='ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

make_image() { # NAME VARIANT PACKAGES
  local name=$1 variant=$2 packages=$3
  if podman image exists "$name"; then
    return
  fi
  echo "base-images: making $name from Debian $suite ($packages)" >&2
  local tar
  tar=$(mktemp --suffix=.tar)
  # (dpkg path-exclude of man pages breaks the JDK's update-alternatives: the images keep them.)
  mmdebstrap --quiet --variant="$variant" --include="$packages" "$suite" "$tar" "$sources" >&2
  podman import --quiet --change "$path_env" --change 'ENV=LANG=C.UTF-8' "$tar" "$name" >/dev/null
  rm -f "$tar"
}

make_image "$build_image" apt "openjdk-17-jdk-headless,maven,ca-certificates-java,ca-certificates"
make_image "$runtime_image" essential "openjdk-17-jre-headless,ca-certificates-java,ca-certificates,passwd"
echo "$build_image $runtime_image"
