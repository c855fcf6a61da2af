"""Running the API: bind a socket, hold the workspace, serve with uvicorn until stopped.

Listening on anything but this machine's loopback address exposes customer data to
the network, so it is refused unless the workspace has a server secret configured
(``SEGMINT_SERVER__SECRET``, at least 32 characters).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from segmint.exceptions import SettingsError, WorkspaceError
from segmint.i18n import translate
from segmint.store.held import HeldWorkspace
from segmint.store.workspace import Workspace

MIN_SECRET = 32


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(workspace: Workspace, host: str, lang: str) -> None:
    """Refuse a non-loopback ``host`` unless a long enough server secret is configured.

    Raises
    ------
    SettingsError
        ``host`` reaches beyond this machine and no usable secret is set.
    """
    if is_loopback(host):
        return
    secret = workspace.settings.server.secret
    if secret is None or len(secret.get_secret_value()) < MIN_SECRET:
        raise SettingsError(translate("serve.needs_secret", lang, host=host, length=MIN_SECRET))


def bind(host: str, port: int, lang: str) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    # proto=IPPROTO_TCP: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say
    # so; with Nagle on, a response sent as headers then body waits ~40 ms for an ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise WorkspaceError(
            translate("serve.cannot_bind", lang, host=host, port=port, error=exc.strerror)
        ) from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    """The http URL a bound socket answers on."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(
    workspace: Workspace,
    *,
    host: str | None = None,
    port: int | None = None,
    lang: str = "en",
    log_level: str = "info",
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the workspace's API until interrupted (Ctrl+C or SIGTERM).

    Parameters
    ----------
    workspace
        The workspace; held (DuckDB write lock, ``serve.json`` lease) while serving.
    host, port
        Where to listen; default: the ``server.host`` and ``server.port`` settings.
    lang
        Language of the refusals.
    log_level
        uvicorn's log level.
    ready
        Called with the URL once the socket is bound and the workspace held.

    Raises
    ------
    SettingsError
        A non-loopback host without a server secret.
    WorkspaceLocked
        Another process holds the workspace.
    WorkspaceError
        The address cannot be bound (port in use...).
    """
    import uvicorn

    from segmint.api.app import create_app

    settings = workspace.settings.server
    host = host or settings.host
    port = settings.port if port is None else port
    check_host(workspace, host, lang)
    sock = bind(host, port, lang)
    url = url_of(sock)
    held = HeldWorkspace.of(workspace)
    try:
        held.hold(url)  # before uvicorn starts, so a held workspace is a clean error
        app = create_app(held, url=url, max_upload_bytes=settings.max_upload_mb << 20)
        if ready is not None:
            ready(url)
        config = uvicorn.Config(app, log_level=log_level, lifespan="on", access_log=False)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        held.close()
        sock.close()
