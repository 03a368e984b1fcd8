package api

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxiesEnv names the environment variable that lists the reverse
// proxies whose X-Forwarded-For header the intake's rate limit believes.
const TrustedProxiesEnv = "CUSTOS_TRUSTED_PROXIES"

// ParseTrustedProxies reads a list of proxies, as addresses or CIDR
// prefixes separated by commas or spaces: "10.0.0.0/8, 192.0.2.7,
// fd00::/8". An empty list trusts no proxy, which is the default: the
// header is then never read, since any client can write it.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q is not an address or CIDR prefix such as 10.0.0.0/8", part)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("trusted proxy %q is not an address or CIDR prefix such as 10.0.0.0/8", part)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// clientAddr returns the address the intake and sign-in limits count a
// request against: the connection's peer, unless that peer is a trusted
// proxy, in which case the client that proxy forwarded for. Behind a proxy
// every connection comes from the proxy, so without this all reporters
// (and all users signing in) would share one limit, and a few wrong
// passwords would lock everyone out; with a proxy not listed, the header
// is ignored, since a client could write any address in it to escape the
// limit.
func (s *Server) clientAddr(r *http.Request) string {
	return forwardedClient(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.trustedProxies)
}

// forwardedClient walks X-Forwarded-For from the right, where each trusted
// proxy appended the address it received the request from, and returns
// the first address that is not a trusted proxy. Entries further left
// were written by that untrusted client and are not read. An entry that
// is not an address stops the walk at the last trusted hop, so that
// garbage never yields a fresh address to limit.
func forwardedClient(remoteAddr string, xff []string, trusted []netip.Prefix) string {
	peer := hostOf(remoteAddr)
	addr, err := netip.ParseAddr(peer)
	if err != nil || len(trusted) == 0 {
		return peer
	}
	addr = addr.Unmap().WithZone("")
	if !isTrusted(addr, trusted) {
		return addr.String()
	}
	var hops []string
	for _, h := range xff {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := parseHop(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		addr = hop
		if !isTrusted(addr, trusted) {
			break
		}
	}
	return addr.String()
}

// parseHop reads one X-Forwarded-For entry: an address, with a port for
// the few proxies that add one ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(s)
		if err2 != nil {
			return netip.Addr{}, err
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), nil
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// hostOf returns the host of a host:port address, or the address as given
// when it has no port.
func hostOf(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}
