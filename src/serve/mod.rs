//! `northstar serve`: build into memory, serve it over HTTP on loopback, watch the
//! inputs, rebuild what a change affects and tell open pages to reload. A broken build
//! keeps the last good site in service and shows its errors in every page; the server
//! never exits on a content error.

mod http;
mod live_reload;
mod preview;
pub mod watch;

pub use live_reload::Problem;
pub use preview::{Changed, Outcome, Preview};
pub use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use http::{Method, Served};
use live_reload::{Clients, Event};
use watch::{Change, WatchMode};

use crate::pipeline::Options;
use crate::render::UrlPath;

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// The first port to try; the next free one is taken when it is busy.
    pub port: u16,
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Watch by polling, for file systems whose change events do not arrive.
    pub poll: bool,
    pub options: Options,
}

/// Serving could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("no free port from {first} to {last} on {bind}")]
    NoPort { bind: IpAddr, first: u16, last: u16 },
    #[error("cannot listen on {address}")]
    Listen {
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start the HTTP server")]
    Server(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("cannot watch the site for changes")]
    Watch(#[from] watch::WatchError),
}

/// How many ports past the first one to try.
const PORTS_TRIED: u16 = 20;

/// How long a request for a file made on demand waits for the rebuild loop, which may
/// be in the middle of a rebuild of a large site.
const DEMAND_WAIT: Duration = Duration::from_secs(30);

/// The folders site.toml maps to kinds, to be watched beside content/; none when
/// site.toml cannot be read (the build reports why).
fn mapped_folders(root: &std::path::Path) -> Vec<(String, String)> {
    let mut sources = crate::diagnostics::SourceMap::default();
    let mut diagnostics = crate::diagnostics::Diagnostics::default();
    match crate::config::load(root, &mut sources, &mut diagnostics) {
        Ok((config, _)) => crate::pipeline::mapped_folders(root, &config, &mut diagnostics),
        Err(_) => Vec::new(),
    }
}

/// Serves the site at `options.root` until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let started = Instant::now();
    let mut preview = Preview::new(&options.root, options.options.clone());
    let first = preview.rebuild(&Change::everything());
    let mut served = Served { base: "/".to_string(), ..Served::default() };
    apply(&mut served, first, started);
    served.on_demand = preview.on_demand();
    let state = Arc::new(RwLock::new(Arc::new(served)));
    let clients = Arc::new(Clients::default());

    let listener = bind(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|source| ServeError::Listen {
        address: SocketAddr::new(options.bind, options.port),
        source,
    })?;
    no_delay(&listener);
    let server = tiny_http::Server::from_listener(listener, None).map_err(ServeError::Server)?;
    let base = state.read().unwrap_or_else(PoisonError::into_inner).base.clone();
    // Listening on every address, the preview is still reached through loopback.
    let shown = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let url = format!("http://{}{base}", SocketAddr::new(shown, address.port()));
    // Watching starts before the URL is printed: an edit made as soon as the URL is
    // known is never missed.
    let (messages, incoming) = mpsc::channel::<Message>();
    let mode = if options.poll { WatchMode::Poll } else { WatchMode::Native };
    let changes = messages.clone();
    let folders = mapped_folders(&options.root);
    let _watcher = watch::watch_mapped(&options.root, mode, &folders, move |change| {
        let _ = changes.send(Message::Change(change));
    })?;

    eprintln_quiet(&format!("serving {} at {url} (Ctrl-C to stop)", options.root.display()));
    if options.open {
        open_browser(&url);
    }

    {
        let state = Arc::clone(&state);
        let clients = Arc::clone(&clients);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let state = Arc::clone(&state);
                let clients = Arc::clone(&clients);
                let demands = messages.clone();
                std::thread::spawn(move || handle(request, &state, &clients, &demands));
            }
        });
    }

    // The rebuild loop: changes that arrived during the last rebuild are one rebuild.
    // Between rebuilds, the preview readies itself for the next one.
    loop {
        preview.settle();
        let mut change = match incoming.recv() {
            Ok(Message::Change(change)) => change,
            Ok(Message::Demand(url, reply)) => {
                let _ = reply.send(preview.render_on_demand(&url));
                continue;
            }
            Err(_) => break,
        };
        // Files asked for meanwhile are made from the new site.
        let mut demands = Vec::new();
        while let Ok(more) = incoming.try_recv() {
            match more {
                Message::Change(more) => change.merge(more),
                Message::Demand(url, reply) => demands.push((url, reply)),
            }
        }
        let started = Instant::now();
        // The edited documents' own pages come first, then the rest: the page a writer
        // looks at does not wait for every index that lists it.
        let outcome = preview.rebuild_first(&change);
        let on_demand = preview.on_demand();
        publish(&state, &clients, outcome, &change, started, &on_demand);
        while let Some(outcome) = preview.finish() {
            publish(&state, &clients, outcome, &Change::default(), started, &on_demand);
        }
        for (url, reply) in demands {
            let _ = reply.send(preview.render_on_demand(&url));
        }
    }
    Ok(())
}

/// Puts a rebuild's outcome in service and then tells open pages what to do.
fn publish(
    state: &RwLock<Arc<Served>>,
    clients: &Clients,
    outcome: Outcome,
    change: &Change,
    started: Instant,
    on_demand: &[UrlPath],
) {
    let mut next = Served::clone(&state.read().unwrap_or_else(PoisonError::into_inner));
    let event = apply(&mut next, outcome, started);
    if !on_demand.is_empty() {
        next.on_demand = on_demand.to_vec();
    }
    next.generation += 1;
    let generation = next.generation;
    *state.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
    // A change to static files alone leaves the pages as they were: stylesheets are
    // swapped in place, anything else (an image) reloads every page.
    let statics_only = change.statics
        && change.documents.is_empty()
        && !(change.content_tree || change.config || change.templates);
    let event = match event {
        Some(Event::Changed(_)) | None if statics_only && change.css_only => Some(Event::Css),
        Some(Event::Changed(_)) | None if statics_only => Some(Event::All),
        other => other,
    };
    // Only now, with the new site in place, are open pages told.
    if let Some(event) = event {
        clients.broadcast(&event.to_sse(generation));
    }
}

/// Puts a rebuild's outcome in `served`, prints its report, and says what open pages
/// must do.
fn apply(served: &mut Served, outcome: Outcome, started: Instant) -> Option<Event> {
    match outcome {
        Outcome::Built { pages, base, changed, report } => {
            print_quiet(&report);
            let had_problems = !served.problems.is_empty();
            served.problems.clear();
            let event = match changed {
                _ if had_problems => Event::All,
                Changed::All => Event::All,
                Changed::Urls(urls) => {
                    Event::Changed(urls.iter().map(|u| format!("{base}{}", u.as_str())).collect())
                }
            };
            let count = match &event {
                Event::Changed(urls) => urls.len(),
                _ => pages.pages.len(),
            };
            served.pages = pages;
            served.base = base;
            eprintln_quiet(&format!(
                "built: {count} page{} changed in {} ms",
                if count == 1 { "" } else { "s" },
                started.elapsed().as_millis()
            ));
            if matches!(&event, Event::Changed(urls) if urls.is_empty()) {
                None
            } else {
                Some(event)
            }
        }
        Outcome::Failed { problems, report } => {
            print_quiet(&report);
            let serving = if served.pages.pages.is_empty() {
                "pages show the errors until it builds"
            } else {
                "still serving the last good site"
            };
            eprintln_quiet(&format!(
                "the build failed ({} error{}); {serving}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ));
            served.problems = problems;
            Some(Event::All)
        }
    }
}

/// Binds `bind:port`, or the next free port.
fn bind(bind: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let last = port.saturating_add(PORTS_TRIED);
    for candidate in port..=last {
        let address = SocketAddr::new(bind, candidate);
        match TcpListener::bind(address) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(source) => return Err(ServeError::Listen { address, source }),
        }
    }
    Err(ServeError::NoPort { bind, first: port, last })
}

/// Turns off Nagle's algorithm for the connections `listener` accepts (they inherit
/// it on Linux). The server writes a response's head and body separately; with Nagle
/// on, a kept-alive connection waits for the browser's delayed acknowledgement, some
/// 40 ms, before the body leaves.
#[cfg(target_os = "linux")]
fn no_delay(listener: &TcpListener) {
    let _ = rustix::net::sockopt::set_tcp_nodelay(listener, true);
}

#[cfg(not(target_os = "linux"))]
fn no_delay(_: &TcpListener) {}

/// Answers one request: the event stream, or a page from the current site.
/// What the rebuild loop is asked to do: rebuild after a change, or render a file that
/// is made on demand and send it back.
enum Message {
    Change(Change),
    Demand(UrlPath, mpsc::Sender<Option<Vec<u8>>>),
}

fn handle(
    request: tiny_http::Request,
    state: &RwLock<Arc<Served>>,
    clients: &Clients,
    demands: &mpsc::Sender<Message>,
) {
    let method = match request.method() {
        tiny_http::Method::Get => Method::Get,
        tiny_http::Method::Head => Method::Head,
        _ => Method::Other,
    };
    if method == Method::Get && request.url().split('?').next() == Some("/__northstar/events") {
        stream_events(request, clients);
        return;
    }
    let served = Arc::clone(&state.read().unwrap_or_else(PoisonError::into_inner));
    let response = match http::on_demand(&served, method, request.url()) {
        Some(url) => {
            let (reply, answer) = mpsc::channel();
            let _ = demands.send(Message::Demand(url.clone(), reply));
            http::rendered_now(&url, method, answer.recv_timeout(DEMAND_WAIT).ok().flatten())
        }
        None => http::respond(&served, method, request.url()),
    };
    let mut reply = tiny_http::Response::from_data(response.body).with_status_code(response.status);
    let mut headers = vec![
        ("Content-Type", response.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
    ];
    if let Some(location) = response.location {
        headers.push(("Location", location));
    }
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            reply.add_header(header);
        }
    }
    let _ = request.respond(reply);
}

/// Keeps an event stream open, sending each rebuild's event and a comment every 15
/// seconds, which also notices a closed page.
fn stream_events(request: tiny_http::Request, clients: &Clients) {
    let events = clients.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer.write_all(message.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln_quiet(&format!("could not open a browser; visit {url}"));
    }
}

/// Terminal output that a closed terminal cannot turn into a panic.
fn print_quiet(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

fn eprintln_quiet(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
