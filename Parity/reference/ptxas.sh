#!/usr/bin/env bash
# Fetches ptxas (NVIDIA's PTX assembler) without installing anything system-wide: Debian's nvidia-cuda-toolkit
# (non-free) and the non-free packages it needs for ptxas are downloaded with apt-get download, through a private
# sources list that adds bookworm's non-free component and private package lists, and unpacked with dpkg-deb -x
# into .tools/cuda (git-ignored). Prints "ptxas=/path/to/ptxas" on success; exits non-zero with a reason otherwise.
# Runs once; later calls reuse what is unpacked.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$root/.tools/cuda"
find_ptxas() {
  local p
  for p in "$tools/root/usr/lib/nvidia-cuda-toolkit/bin/ptxas" "$tools/root/usr/bin/ptxas"; do
    if [ -x "$p" ] && [ ! -L "$p" ] && "$p" --version >/dev/null 2>&1; then echo "$p"; return 0; fi
  done
  return 1
}
if p=$(find_ptxas); then echo "ptxas=$p"; exit 0; fi

. /etc/os-release
codename="${VERSION_CODENAME:-bookworm}"
apt_dir="$tools/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$tools/debs" "$tools/root"
cat > "$apt_dir/sources.list" <<SOURCES
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $codename main contrib non-free
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $codename-updates main contrib non-free
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
  -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=$(id -un)")
echo "ptxas.sh: updating private package lists ($codename with non-free)" >&2
if ! apt-get "${apt_opts[@]}" update -qq >&2; then
  echo "ptxas.sh: apt-get update with $apt_dir/sources.list failed" >&2; exit 1
fi
# ptxas is in nvidia-cuda-toolkit; it is a static binary needing only libc.
packages=(nvidia-cuda-toolkit)
cd "$tools/debs"
for pkg in "${packages[@]}"; do
  echo "ptxas.sh: downloading $pkg" >&2
  if ! apt-get "${apt_opts[@]}" download "$pkg" >&2; then
    echo "ptxas.sh: apt-get download $pkg failed" >&2; exit 1
  fi
done
for deb in "$tools"/debs/*.deb; do dpkg-deb -x "$deb" "$tools/root"; done
if p=$(find_ptxas); then echo "ptxas=$p"; exit 0; fi
echo "ptxas.sh: no working ptxas in the unpacked packages ($(cd "$tools/debs" && ls))" >&2
find "$tools/root" -name 'ptxas*' >&2 || true
exit 1
