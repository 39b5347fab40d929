# Sourced by scripts/search-check.sh and scripts/link-check.sh: builds the example
# strategy under the sub-path /strategy/ and serves it with a plain static file server
# (python3), as a static host would. Defines `serve_example PORT`, which sets `base` to
# the site's URL and `tmp` to a scratch folder, and stops the server and removes the
# folder on exit.

serve_example() {
    local port=$1
    base="http://127.0.0.1:$port/strategy/"
    tmp=$(mktemp -d)
    chmod 755 "$tmp"
    server=
    trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
    cargo build --locked --quiet
    ./target/debug/northstar build --out "$tmp/www/strategy" --base-url "$base" >/dev/null
    chmod -R a+rX "$tmp/www"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$tmp/www" >"$tmp/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 50); do
        if python3 -c "import urllib.request; urllib.request.urlopen('$base')" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "the file server did not answer at $base" >&2
    return 2
}
