// The tests' internet for the workers under test, where every name and every
// address is this machine: a socket the worker opens, to whatever host, lands
// on 127.0.0.1 at the port it asked for, and a fetch, of whatever URL, lands
// on the issuer server (TLSPLAY_LOOPED_FETCH, host:port), which is told the
// URL asked for in X-Asked-For. So the workers' own guard is all that stands
// between a request and the tests' servers, which count what reaches them.
import { connect as open } from "cloudflare:sockets";

export default {
  async connect(socket, env) {
    // What the worker asked for, "host:port", as the socket's local end.
    const { localAddress } = await socket.opened;
    const port = localAddress.slice(localAddress.lastIndexOf(":") + 1);
    const up = open(`127.0.0.1:${port}`);
    await Promise.all([socket.readable.pipeTo(up.writable), up.readable.pipeTo(socket.writable)]).catch(() => socket.close());
  },

  async fetch(request, env) {
    const u = new URL(request.url);
    return fetch(`http://${env.TLSPLAY_LOOPED_FETCH}${u.pathname}${u.search}`, {
      headers: { "X-Asked-For": request.url },
      redirect: "manual",
    });
  },
};
